//! Proofs a third party checks offline, on BOTH stores: an event's inclusion
//! proof (hot and archived) verifies with the note key alone, and each
//! tampering is named (the event changed, another index, a checkpoint signed
//! by another key, a tree of another size, a proof cut short); a consistency
//! proof holds between two checkpoints and fails against a rewritten history;
//! the `dezky-audit` tool exits 0 / 1 on the files.
use super::archive::bucket;
use super::audit::{Stores, chain, event, signer};
use crate::servers;
use app::domain::AppError;
use app::services::audit::archive::{ArchiveConfig, Archiver};
use app::services::audit::merkle::ProofError;
use app::services::audit::note::{self, NoteError, Verifier};
use app::services::audit::proof::{
    InclusionFile, ProofFailure, consistency_file, inclusion_file, verify_consistency_notes,
    verify_inclusion_file,
};
use std::process::Command;

fn tampered(file: &InclusionFile, change: impl FnOnce(&mut InclusionFile)) -> Vec<u8> {
    let mut f = file.clone();
    change(&mut f);
    serde_json::to_vec(&f).unwrap()
}

#[tokio::test]
async fn proofs_verify_offline_and_every_tampering_is_named_on_both_stores() {
    let stores = Stores::start().await;
    let s3 = servers::s3().await;
    let audit_bin = env!("CARGO_BIN_EXE_dezky-audit");
    for url in stores.urls("proofs") {
        // 12 events, checkpoints at 5 and 12 (Ed25519).
        let (repo, auditor) = chain(&url, true).await;
        let key = auditor
            .note_key()
            .expect("an Ed25519 signer has a note key");
        let verifier = Verifier::parse(&key).unwrap();
        let prove = |seq| inclusion_file(&repo, &auditor, None, seq, None);

        let file = prove(3).await.unwrap();
        assert_eq!((file.leaf_index, file.tree_size), (2, 12), "{url}");
        let bytes = serde_json::to_vec(&file).unwrap();
        let ok = verify_inclusion_file(&bytes, &verifier).unwrap();
        assert_eq!((ok.seq, ok.tree_size), (3, 12));
        assert_eq!(ok.origin, "dezky.test/audit");

        // A tenant admin proves only their tenant's events.
        assert_eq!(
            inclusion_file(&repo, &auditor, None, 3, Some("bager-hansen"))
                .await
                .map(|_| ()),
            Err(AppError::NotFound)
        );
        assert!(
            inclusion_file(&repo, &auditor, None, 3, Some("fjord-tandklinik"))
                .await
                .is_ok()
        );

        // The event changed: its hash says so; with the hash recomputed too,
        // the path no longer leads to the signed root.
        let changed = tampered(&file, |f| f.event.actor_email = "someone@else.dk".into());
        assert_eq!(
            verify_inclusion_file(&changed, &verifier),
            Err(ProofFailure::EventChanged { seq: 3 })
        );
        let rehashed = tampered(&file, |f| {
            f.event.actor_email = "someone@else.dk".into();
            f.event.hash = app::services::audit::canonical::event_hash(&f.event);
        });
        assert_eq!(
            verify_inclusion_file(&rehashed, &verifier),
            Err(ProofFailure::Proof(ProofError::RootMismatch))
        );
        // Another index: named; another event's path: fails at the root.
        let moved = tampered(&file, |f| f.leaf_index = 3);
        assert_eq!(
            verify_inclusion_file(&moved, &verifier),
            Err(ProofFailure::WrongLeaf {
                seq: 3,
                leaf_index: 3
            })
        );
        let other = prove(4).await.unwrap();
        let swapped = tampered(&file, |f| f.inclusion_proof = other.inclusion_proof.clone());
        assert_eq!(
            verify_inclusion_file(&swapped, &verifier),
            Err(ProofFailure::Proof(ProofError::RootMismatch))
        );
        // A checkpoint re-signed with another key (same name).
        let forger = ed25519_dalek::SigningKey::from_bytes(&[42; 32]);
        let resigned = tampered(&file, |f| {
            let body = f.checkpoint.note.as_deref().unwrap();
            let body = &body[..=body.find("\n\n").unwrap()];
            f.checkpoint.note = Some(note::sign(body, "dezky.test/audit", &forger));
        });
        assert_eq!(
            verify_inclusion_file(&resigned, &verifier),
            Err(ProofFailure::Checkpoint(NoteError::NotSignedByKey))
        );
        // A truncated tree: the checkpoint of 5 events under a proof for 12,
        // and a proof cut one hash short.
        let five = repo.checkpoint_at(5).await.unwrap().unwrap();
        let truncated = tampered(&file, |f| f.checkpoint = five.clone());
        assert_eq!(
            verify_inclusion_file(&truncated, &verifier),
            Err(ProofFailure::SizeMismatch {
                proof: 12,
                checkpoint: 5
            })
        );
        let short = tampered(&file, |f| {
            f.inclusion_proof.pop();
        });
        assert_eq!(
            verify_inclusion_file(&short, &verifier),
            Err(ProofFailure::Proof(ProofError::WrongLength))
        );

        // Consistency: 5 -> 12 holds; a history rewritten after the old
        // checkpoint (another log whose event 3 differs, signed with the same
        // key) does not extend it.
        let c = consistency_file(&repo, 5, 12).await.unwrap();
        let (old, new) = (c.old.note.clone().unwrap(), c.new.note.clone().unwrap());
        assert_eq!(
            verify_consistency_notes(&old, &new, &c.consistency_proof, &verifier),
            Ok((5, 12))
        );
        assert_eq!(
            consistency_file(&repo, 6, 12).await.map(|_| ()),
            Err(AppError::invalid("from", "no_checkpoint"))
        );
        let forged_repo = app::repo::Repo::new(
            super::audit::open(&format!("{url}-rewritten")).await,
            std::sync::Arc::new(crate::ports::store::TestClock::default()),
        );
        let forged_auditor = app::services::audit::Auditor::new(
            forged_repo.clone(),
            Some(signer(true)),
            "dezky.test/audit".into(),
        );
        for n in 1..=12 {
            let mut e = event(n);
            if n == 3 {
                e.resource_name = "Rewritten".into();
            }
            forged_auditor.record(e).await.unwrap();
        }
        forged_auditor
            .checkpoint(app::services::audit::checkpoint::Reason::Manual)
            .await
            .unwrap();
        let forged = consistency_file(&forged_repo, 5, 12).await;
        // The rewritten log has no checkpoint at 5; its proof from 5 to 12
        // is made from its own tree, and the real old checkpoint rejects it.
        assert!(forged.is_err());
        let forged_new = forged_repo.checkpoint_at(12).await.unwrap().unwrap();
        let forged_proof: Vec<String> =
            app::services::audit::tree::consistency(&forged_repo, 5, 12)
                .await
                .unwrap()
                .iter()
                .map(|h| {
                    use base64::Engine as _;
                    base64::engine::general_purpose::STANDARD.encode(h)
                })
                .collect();
        assert_eq!(
            verify_consistency_notes(
                &old,
                forged_new.note.as_deref().unwrap(),
                &forged_proof,
                &verifier
            ),
            Err(ProofFailure::Proof(ProofError::RootMismatch))
        );

        // Archived: all but the head move to the bucket; an archived event's
        // proof reads it from there and still verifies.
        let cold = bucket(&s3);
        let archiver = Archiver::new(
            repo.clone(),
            cold.clone(),
            signer(true),
            Some(auditor.clone()),
            ArchiveConfig {
                retention_days: 0,
                batch_size: 5,
            },
        );
        let run = archiver.run("test").await.unwrap();
        assert!(run.events_archived >= 11, "{url}: {run:?}");
        assert!(repo.audit_event(3).await.unwrap().is_none());
        let archived = inclusion_file(&repo, &auditor, Some(cold.as_ref()), 3, None)
            .await
            .unwrap();
        assert_eq!(archived.event, file.event);
        assert!(verify_inclusion_file(&serde_json::to_vec(&archived).unwrap(), &verifier).is_ok());
        assert_eq!(
            inclusion_file(&repo, &auditor, None, 3, None)
                .await
                .map(|_| ()),
            Err(AppError::not_connected(app::domain::System::ObjectStorage)),
            "without the bucket, an archived event is named as out of reach"
        );

        // The offline tool: nothing but the files and the key.
        let dir = std::env::temp_dir().join(format!("dezky-proofs-{}", servers::unique()));
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p.display().to_string()
        };
        let run = |args: &[&str]| {
            let out = Command::new(audit_bin)
                .args(args)
                .env_clear()
                .output()
                .unwrap();
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        };
        let good = write("good.json", &bytes);
        let (code, stdout, _) = run(&["prove", "verify", &good, "--public-key", &key]);
        assert_eq!(code, Some(0), "{stdout}");
        assert!(stdout.contains("event 3 is in the log dezky.test/audit"));
        let bad = write("bad.json", &changed);
        let (code, _, stderr) = run(&["prove", "verify", &bad, "--public-key", &key]);
        assert_eq!(code, Some(1));
        assert!(stderr.contains("event 3 was changed"), "{stderr}");
        let key_file = write("key.txt", key.as_bytes());
        let (old_p, new_p) = (
            write("old.note", old.as_bytes()),
            write("new.note", new.as_bytes()),
        );
        let proof_p = write("c.json", &serde_json::to_vec(&c).unwrap());
        let (code, stdout, _) = run(&[
            "consistency",
            &old_p,
            &new_p,
            "--proof",
            &proof_p,
            "--public-key",
            &key_file,
        ]);
        assert_eq!(code, Some(0), "{stdout}");
        let forged_p = write(
            "forged.note",
            forged_new.note.as_deref().unwrap().as_bytes(),
        );
        let (code, _, stderr) = run(&[
            "consistency",
            &old_p,
            &forged_p,
            "--proof",
            &proof_p,
            "--public-key",
            &key_file,
        ]);
        assert_eq!(code, Some(1));
        assert!(
            stderr.contains("does not lead to the tree's root"),
            "{stderr}"
        );
        let (code, _, _) = run(&["prove", "verify", &good]);
        assert_eq!(code, Some(2), "no key: a usage error");
        std::fs::remove_dir_all(&dir).ok();
    }
}
