// Makes the signed-note test vector of app/src/services/audit/note.rs with Go's
// reference implementation: go run . NAME "$(printf 'NAME\n12\nROOT\n')"
package main

import (
	"crypto/ed25519"
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/note"
)

// Prints a signed note made by Go's reference implementation (C2SP signed-note),
// the verifier key, and the note's text, for a fixed Ed25519 seed.
func main() {
	seed := make([]byte, 32)
	for i := range seed {
		seed[i] = 7
	}
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	name := os.Args[1]
	vkey, err := note.NewEd25519VerifierKey(name, pub)
	if err != nil { panic(err) }
	// Signer from the private key encoding: PRIVATE+KEY+name+hash+base64(alg||seed)
	v, err := note.NewVerifier(vkey)
	if err != nil { panic(err) }
	_ = v
	signer, err := newSigner(name, seed, v.KeyHash())
	if err != nil { panic(err) }
	text := os.Args[2]
	msg, err := note.Sign(&note.Note{Text: text}, signer)
	if err != nil { panic(err) }
	fmt.Printf("%s\n---\n%s", vkey, msg)
}

type sg struct{ name string; hash uint32; key ed25519.PrivateKey }
func (s sg) Name() string { return s.name }
func (s sg) KeyHash() uint32 { return s.hash }
func (s sg) Sign(m []byte) ([]byte, error) { return ed25519.Sign(s.key, m), nil }
func newSigner(name string, seed []byte, h uint32) (note.Signer, error) {
	return sg{name, h, ed25519.NewKeyFromSeed(seed)}, nil
}
