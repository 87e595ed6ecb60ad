//! The Merkle tree (RFC 9162, [`super::merkle`]) kept over the chain: leaf
//! `seq - 1` is the event with `seq`, its leaf hash taken over the event's
//! canonical bytes (the same bytes its chain hash covers). Each leaf is stored
//! with the nodes it completes, in one insert, after every leaf before it, so
//! the stored tree is always a prefix of the chain and a proof reads O(log n)
//! records, never the log.
//!
//! The tree follows the chain: the chain's unique insert decides which event
//! has each seq, and every node is a function of those events, so writers that
//! race store the same records (a duplicate insert is compared, not trusted).
//! A writer killed between its event and its leaf leaves the tree one leaf
//! short; the next append (or [`sync`]) reads the events the tree lacks and
//! adds them first.
use super::AuditRecord;
use super::canonical::event_bytes;
use super::merkle::{self, Frontier, Hash, Nodes, node_home};
use crate::ports::store::{StoreError, StoreResult};
use crate::repo::Repo;

/// The leaf hash of an event.
pub fn leaf_of(e: &AuditRecord) -> Hash {
    merkle::leaf_hash(&event_bytes(e))
}

/// Adds `event` (just appended by the chain) to the tree, first adding any
/// events before it the tree lacks. Called under the chain's queue lock with
/// this process's frontier.
pub(super) async fn extend(
    repo: &Repo,
    frontier: &mut Option<Frontier>,
    event: &AuditRecord,
) -> StoreResult<()> {
    let f = catch_up(repo, frontier, event.seq - 1).await?;
    if f.size() == event.seq - 1 {
        store_leaf(repo, f, event).await?;
    }
    Ok(())
}

/// Brings the stored tree up to the chain's hot head; returns its size.
pub async fn sync(repo: &Repo) -> StoreResult<u64> {
    let state = repo.audit_chain();
    let mut frontier = state.queue.lock().await;
    let head = repo.audit_head().await?.map_or(0, |e| e.seq);
    let result = catch_up(repo, &mut frontier, head).await.map(|f| f.size());
    if result.is_err() {
        *frontier = None;
    }
    result
}

/// The frontier at (at least) `size` leaves: this process's, or the stored
/// tree's when that is further, then the events still missing, in order.
async fn catch_up<'a>(
    repo: &Repo,
    frontier: &'a mut Option<Frontier>,
    size: u64,
) -> StoreResult<&'a mut Frontier> {
    if frontier.is_none() {
        let stored = repo.tree_size().await?;
        *frontier = Some(load(repo, stored).await?);
    }
    let Some(f) = frontier.as_mut() else {
        return Err(StoreError::Backend("audit tree: no frontier".into()));
    };
    // Leaves other writers stored since: one range read, each checked by
    // recomputing the nodes it completes.
    while f.size() < size {
        let leaves = repo.tree_leaves_from(f.size(), 256).await?;
        let full = leaves.len() == 256;
        for (index, stored) in leaves {
            let mut next = f.clone();
            let leaf = stored.first().copied().unwrap_or_default();
            if index != f.size() || next.push(leaf) != stored {
                return Err(StoreError::Backend(format!(
                    "audit tree: the stored leaf {index} does not follow the tree"
                )));
            }
            *f = next;
        }
        if !full {
            break;
        }
    }
    while f.size() < size {
        let events = repo.audit_events_ascending(Some(f.size()), 500).await?;
        if events.is_empty() {
            return Err(StoreError::Backend(format!(
                "audit tree: event {} is not in the hot store",
                f.size() + 1
            )));
        }
        for e in events.iter().take_while(|e| e.seq <= size) {
            if e.seq != f.size() + 1 {
                return Err(StoreError::Backend(format!(
                    "audit tree: expected event {}, read {}",
                    f.size() + 1,
                    e.seq
                )));
            }
            store_leaf(repo, f, e).await?;
        }
    }
    Ok(f)
}

/// Stores the next leaf; a leaf another writer stored first must be the same.
async fn store_leaf(repo: &Repo, f: &mut Frontier, e: &AuditRecord) -> StoreResult<()> {
    let index = f.size();
    let mut next = f.clone();
    let hashes = next.push(leaf_of(e));
    match repo.insert_tree_leaf(index, &hashes).await {
        Ok(()) => {}
        Err(StoreError::Duplicate { .. }) => {
            if repo.tree_leaf(index).await?.as_deref() != Some(hashes.as_slice()) {
                return Err(StoreError::Backend(format!(
                    "audit tree: the stored leaf {index} is not the hash of event {}",
                    e.seq
                )));
            }
        }
        Err(err) => return Err(err),
    }
    *f = next;
    Ok(())
}

/// The stored tree's frontier at `size` (one read per perfect subtree).
pub async fn load(repo: &Repo, size: u64) -> StoreResult<Frontier> {
    let mut roots = Vec::new();
    for (level, index) in Frontier::subtrees(size) {
        roots.push(node(repo, level, index).await?);
    }
    Frontier::from_roots(size, roots)
        .ok_or_else(|| StoreError::Backend("audit tree: frontier size".into()))
}

/// The stored perfect subtree (level, index).
async fn node(repo: &Repo, level: u32, index: u64) -> StoreResult<Hash> {
    let (leaf, pos) = node_home(level, index);
    repo.tree_leaf(leaf)
        .await?
        .and_then(|h| h.get(pos).copied())
        .ok_or_else(|| {
            StoreError::Backend(format!(
                "audit tree: node {level}/{index} (leaf {leaf}) is missing"
            ))
        })
}

/// Runs `f` over the stored nodes of a tree of `size`: once to learn which
/// nodes it needs, then over exactly those, read from the store.
async fn with_nodes<T>(repo: &Repo, size: u64, f: impl Fn(&Nodes) -> T) -> StoreResult<T> {
    let mut nodes = Nodes::new(size);
    f(&nodes);
    for (level, index) in nodes.missing() {
        let hash = node(repo, level, index).await?;
        nodes.insert(level, index, hash);
    }
    Ok(f(&nodes))
}

/// Why the tree cannot answer.
#[derive(Debug)]
pub enum TreeError {
    Store(StoreError),
    /// The size asked for is beyond the stored tree (or the index beyond it).
    OutOfRange {
        size: u64,
        tree_size: u64,
    },
}

impl From<StoreError> for TreeError {
    fn from(e: StoreError) -> Self {
        TreeError::Store(e)
    }
}

impl std::fmt::Display for TreeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TreeError::Store(e) => write!(f, "audit store: {e}"),
            TreeError::OutOfRange { size, tree_size } => {
                write!(f, "the tree has {tree_size} leaves, not {size}")
            }
        }
    }
}

async fn within(repo: &Repo, size: u64) -> Result<(), TreeError> {
    let tree_size = repo.tree_size().await?;
    if size == 0 || size > tree_size {
        return Err(TreeError::OutOfRange { size, tree_size });
    }
    Ok(())
}

/// The root of the first `size` leaves.
pub async fn root(repo: &Repo, size: u64) -> Result<Hash, TreeError> {
    within(repo, size).await?;
    Ok(load(repo, size).await?.root())
}

/// The inclusion proof of leaf `index` in the tree of `size`.
pub async fn inclusion(repo: &Repo, index: u64, size: u64) -> Result<Vec<Hash>, TreeError> {
    within(repo, size).await?;
    with_nodes(repo, size, |n| merkle::inclusion_proof(n, index, size))
        .await?
        .ok_or(TreeError::OutOfRange {
            size: index + 1,
            tree_size: size,
        })
}

/// The consistency proof from the tree of `old_size` to the tree of `size`.
pub async fn consistency(repo: &Repo, old_size: u64, size: u64) -> Result<Vec<Hash>, TreeError> {
    within(repo, size).await?;
    with_nodes(repo, size, |n| merkle::consistency_proof(n, old_size, size))
        .await?
        .ok_or(TreeError::OutOfRange {
            size: old_size,
            tree_size: size,
        })
}
