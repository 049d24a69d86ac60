// Package auditsig signs checkpoints of the audit trail with a key kept
// outside the database, so that someone who can write the database (and
// so recompute the hash chain after changing an entry, or cut the chain
// and reset its head) is still found out: a checkpoint says, under a
// signature the database cannot make, how long the chain was and what its
// head hash was at a time. See docs/operations.md, "Audit trail".
package auditsig

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Checkpoint is one signed statement of the chain's state.
type Checkpoint struct {
	Version int `json:"version"`
	// Entries is the number of entries in the chain; LastID the id of the
	// last one and Head its hash.
	Entries int64     `json:"entries"`
	LastID  int64     `json:"last_id"`
	Head    string    `json:"head_hash"`
	At      time.Time `json:"at"`
	// Signature is Ed25519 over Message(), base64.
	Signature string `json:"signature"`
	// File is where it was read from (not stored).
	File string `json:"-"`
}

// Message is the signed text: every field but the signature, in a fixed
// form.
func (c Checkpoint) Message() []byte {
	return fmt.Appendf(nil, "steerco audit checkpoint v1\nentries=%d\nlast_id=%d\nhead=%s\nat=%s\n",
		c.Entries, c.LastID, c.Head, c.At.UTC().Format(time.RFC3339Nano))
}

// Keygen writes a new Ed25519 key pair: the private key to file (mode
// 0600) and the public key to file + ".pub". It refuses to overwrite.
func Keygen(file string) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	privDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return err
	}
	for _, f := range []string{file, file + ".pub"} {
		if _, err := os.Stat(f); err == nil {
			return fmt.Errorf("%s exists: keep the old key or move it away first", f)
		}
	}
	if err := writeNew(file, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER}), 0o600); err != nil {
		return err
	}
	return writeNew(file+".pub", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644)
}

func writeNew(file string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readPEM(file, typ string) ([]byte, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != typ {
		return nil, fmt.Errorf("%s: not a PEM %s", file, typ)
	}
	return blk.Bytes, nil
}

// LoadPrivate reads a private key written by Keygen.
func LoadPrivate(file string) (ed25519.PrivateKey, error) {
	der, err := readPEM(file, "PRIVATE KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: not an Ed25519 key", file)
	}
	return priv, nil
}

// LoadPublic reads a public key written by Keygen.
func LoadPublic(file string) (ed25519.PublicKey, error) {
	der, err := readPEM(file, "PUBLIC KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%s: not an Ed25519 key", file)
	}
	return pub, nil
}

// Write signs c and writes it to dir as checkpoint-<UTC time>-<entries>.json,
// never overwriting; it returns the file's path.
func Write(dir string, key ed25519.PrivateKey, c Checkpoint) (string, error) {
	c.Version = 1
	c.At = c.At.UTC().Truncate(time.Microsecond)
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, c.Message()))
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	file := filepath.Join(dir, fmt.Sprintf("checkpoint-%s-%d.json", c.At.Format("20060102T150405.000000Z"), c.Entries))
	return file, writeNew(file, append(b, '\n'), 0o644)
}

// Latest returns when the newest checkpoint in dir was made (zero when
// there is none), from the file names: serve uses it to write one a day.
func Latest(dir string) time.Time {
	names, _ := filepath.Glob(filepath.Join(dir, "checkpoint-*.json"))
	var latest time.Time
	for _, n := range names {
		stamp, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(n), "checkpoint-"), "Z-")
		if t, err := time.Parse("20060102T150405.000000", stamp); err == nil && t.After(latest) {
			latest = t
		}
	}
	return latest
}

// ErrBadSignature is a checkpoint whose signature does not verify: it was
// altered, or made with another key.
var ErrBadSignature = errors.New("its signature does not verify with the public key: it was altered or signed with another key")

// ReadAll reads and verifies every checkpoint in dir, oldest first. A
// checkpoint that cannot be read or whose signature fails is an error
// naming its file.
func ReadAll(dir string, pub ed25519.PublicKey) ([]Checkpoint, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	var out []Checkpoint
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var c Checkpoint
		if err := json.Unmarshal(b, &c); err != nil || c.Version != 1 {
			return nil, fmt.Errorf("checkpoint %s: not a steerco checkpoint", n)
		}
		sig, err := base64.StdEncoding.DecodeString(c.Signature)
		if err != nil || !ed25519.Verify(pub, c.Message(), sig) {
			return nil, fmt.Errorf("checkpoint %s: %w", n, ErrBadSignature)
		}
		c.File = n
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Entries < out[j].Entries })
	return out, nil
}
