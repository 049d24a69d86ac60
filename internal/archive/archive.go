// Package archive writes an agreement's records as an E-ARK information
// package for transfer to an archive: the Common Specification for
// Information Packages (CSIP 2.2.0) with the E-ARK SIP profile (2.2.0),
// which is what Sweden's Riksarkivet receives as FGS 2.0 and what
// Finland's National Archives accepts as METS-based packaging.
//
// The package is a folder (or a zip of that folder):
//
//	ID/METS.xml                          the package: header, metadata, files, structure
//	ID/metadata/descriptive/TYPE.xml     records metadata of each record of the type
//	ID/metadata/preservation/premis.xml  the audit trail as PREMIS events, the files' fixity, signatures
//	ID/documentation/README.txt          what the package holds, in plain words
//	ID/schemas/*.xsd                     METS 1.12.1, XLink and the DILCIS extensions
//	ID/representations/TYPE/METS.xml     one representation per record type
//	ID/representations/TYPE/data/...     documents as PDF, data as CSV and JSON, uploaded files
//
// Every file is listed with its MIME type, size, creation time and
// SHA-256 checksum; Check verifies a package against the MUST
// requirements of both profiles that a program can check.
package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Profile is the E-ARK SIP profile the packages follow (SIP2).
const Profile = "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml"

// Options choose what to export.
type Options struct {
	// Agreement is the agreement's id (slug).
	Agreement string
	// From and To limit the records to those dated in [From, To]
	// (YYYY-MM-DD, either may be empty).
	From, To string
	// Now is the package's creation time; zero means time.Now.
	Now time.Time
	// Version is steerco's version, recorded as the creating software's.
	Version string
	// Signed finds the signed (sealed) PDF of a meeting's approved
	// minutes when there is one; nil means none are signed yet. The
	// signed file is exported as it is, never re-rendered.
	Signed SignedMinutes
	// beforeZip runs between writing the folder and zipping it (tests
	// change a file there to prove the checksum check).
	beforeZip func(dir string)
}

// SignedMinutes gives the sealed PDF of a meeting's minutes version and
// its signature facts, ok false when that version is not signed.
type SignedMinutes func(ctx context.Context, meetingID int64, version int) (pdf []byte, sig Signature, ok bool, err error)

// Signature is what PREMIS records about a signed document.
type Signature struct {
	// Encoding is e.g. "PAdES-B-B"; Method the algorithm ("RSA-SHA256").
	Encoding, Method string
	// Signer names who signed; Value is the signature value (base64) or
	// the certificate's fingerprint.
	Signer, Value string
	SignedAt      time.Time
}

// Summary says what a package holds.
type Summary struct {
	ID string
	// Records counts the records per type; Files the files written.
	Records map[gov.RecordType]int
	Files   int
	Bytes   int64
	// Drafts are minutes exported as drafts (not approved).
	Drafts int
}

// ChecksumError reports a file whose content changed between being
// listed in METS.xml and being zipped.
type ChecksumError struct{ File, Want, Got string }

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("archive: %s changed after it was listed: checksum %s, METS.xml says %s", e.File, e.Got, e.Want)
}

// Export writes the package of opts.Agreement to out: a folder, or a zip
// file when out ends in .zip. The folder must not exist yet (or be
// empty), so an export never mixes with an older one.
func Export(ctx context.Context, st *store.Store, opts Options, out string) (Summary, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	opts.Now = opts.Now.UTC().Truncate(time.Second)
	from, to, err := period(opts.From, opts.To)
	if err != nil {
		return Summary{}, err
	}
	zipped := strings.HasSuffix(strings.ToLower(out), ".zip")
	dir := out
	if zipped {
		tmp, err := os.MkdirTemp(filepath.Dir(out), ".steerco-archive-")
		if err != nil {
			return Summary{}, fmt.Errorf("archive: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return Summary{}, fmt.Errorf("archive: %s exists and is not empty; choose a new folder", out)
	}
	var p *pkg
	err = st.ReadRecords(ctx, opts.Agreement, func(r *store.Records) error {
		d, err := read(ctx, r, from, to)
		if err != nil {
			return err
		}
		p = newPkg(opts, d)
		if zipped {
			p.root = filepath.Join(dir, p.id)
		} else {
			p.root = dir
		}
		return p.build(ctx)
	})
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return Summary{}, fmt.Errorf("archive: no agreement %q", opts.Agreement)
		}
		return Summary{}, fmt.Errorf("archive %s: %w", opts.Agreement, err)
	}
	if zipped {
		if opts.beforeZip != nil {
			opts.beforeZip(p.root)
		}
		if err := zipDir(p.root, p.id, p.sums, out); err != nil {
			os.Remove(out)
			return Summary{}, err
		}
	}
	return p.sum, nil
}

// period parses the --from and --to dates.
func period(from, to string) (f, t time.Time, err error) {
	if from != "" {
		if f, err = time.Parse(time.DateOnly, from); err != nil {
			return f, t, fmt.Errorf("archive: --from %q is not a date; write YYYY-MM-DD", from)
		}
	}
	if to != "" {
		if t, err = time.Parse(time.DateOnly, to); err != nil {
			return f, t, fmt.Errorf("archive: --to %q is not a date; write YYYY-MM-DD", to)
		}
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	if !f.IsZero() && !t.IsZero() && t.Before(f) {
		return f, t, fmt.Errorf("archive: --to %s is before --from %s", to, from)
	}
	return f, t, nil
}

// zipDir zips the package folder under its id, checking each file's
// SHA-256 against the one METS.xml lists while it is read into the zip.
func zipDir(dir, id string, sums map[string]string, out string) error {
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	zw := zip.NewWriter(f)
	var paths []string
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, path)
		}
		return err
	})
	if err != nil {
		f.Close()
		return fmt.Errorf("archive: %w", err)
	}
	sort.Strings(paths)
	for _, path := range paths {
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: id + "/" + rel, Method: zip.Deflate, Modified: time.Now()})
		if err != nil {
			f.Close()
			return fmt.Errorf("archive: %w", err)
		}
		src, err := os.Open(path)
		if err != nil {
			f.Close()
			return fmt.Errorf("archive: %w", err)
		}
		h := sha256.New()
		_, err = io.Copy(io.MultiWriter(w, h), src)
		src.Close()
		if err != nil {
			f.Close()
			return fmt.Errorf("archive: %s: %w", rel, err)
		}
		got := strings.ToUpper(hex.EncodeToString(h.Sum(nil)))
		if want, ok := sums[rel]; ok && want != got {
			f.Close()
			return &ChecksumError{File: rel, Want: want, Got: got}
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return fmt.Errorf("archive: %w", err)
	}
	return f.Close()
}

// fileEntry is one written file: where, what, how big, its checksum.
type fileEntry struct {
	Path    string // relative to the METS.xml that lists it
	Mime    string
	Size    int64
	SHA256  string
	Created time.Time
}

// writeFile writes data under the package root and returns its entry,
// relative to base (the folder of the METS.xml that will list it).
func (p *pkg) writeFile(rel string, data []byte, mime string, base string) (fileEntry, error) {
	full := filepath.Join(p.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return fileEntry{}, err
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return fileEntry{}, err
	}
	sum := sha256.Sum256(data)
	e := fileEntry{Path: strings.TrimPrefix(rel, base), Mime: mime, Size: int64(len(data)),
		SHA256: strings.ToUpper(hex.EncodeToString(sum[:])), Created: p.now}
	p.sums[rel] = e.SHA256
	p.mimes[rel] = mime
	p.sum.Files++
	p.sum.Bytes += e.Size
	return e, nil
}

// xmlBytes wraps b's text as an XML document.
func xmlBytes(b *bytes.Buffer) []byte {
	return append([]byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"), b.Bytes()...)
}
