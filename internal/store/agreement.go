package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/steerco/steerco/internal/gov"
)

// ErrNotFound is wrapped by errors for a row that does not exist; test for
// it with errors.Is.
var ErrNotFound = errors.New("not found")

// ChangeKind says what ApplyAgreement did.
type ChangeKind string

// The change kinds.
const (
	Created   ChangeKind = "created"
	Updated   ChangeKind = "updated"
	Unchanged ChangeKind = "unchanged"
)

// Change reports what ApplyAgreement did. Added, Changed and Removed name
// the rows concerned as "agreement", "level:ID", "party:ID",
// "attribute:PARTY/KEY@FROM", "person:ID", "forum:ID" and
// "membership:PERSON/FORUM/ROLE@FROM", in model order (removals in stored
// order). They are also the audit entry's summary.
type Change struct {
	Kind        ChangeKind `json:"kind"`
	AgreementID int64      `json:"-"`
	Added       []string   `json:"added,omitempty"`
	Changed     []string   `json:"changed,omitempty"`
	Removed     []string   `json:"removed,omitempty"`
}

// AgreementSummary is a line of the agreement list.
type AgreementSummary struct {
	ID       int64
	Slug     string
	Name     string
	Country  string
	Language string
	// Revision is the model's revision when listed: SharedAgreementAt
	// takes it, so a list of agreements costs no read per agreement.
	Revision int64
	Parties  int
	Forums   int
}

// agreementColumns are the model file keys of gov.Agreement that have
// columns of their own (or tables: the lists). Every other key is an
// agreement-level rule block and goes into agreements.rules, so a rule
// block added to gov.Agreement is stored without a schema change.
var agreementColumns = []string{
	"version", "id", "name", "description", "country", "timezone", "language",
	"currency", "period", "eves_working",
	"levels", "parties", "people", "forums", "memberships",
}

// forumColumns are the model file keys of gov.Forum that have columns of
// their own; the rest of the forum goes into forums.rules.
var forumColumns = []string{"id", "name", "level", "area", "purpose", "inactive", "escalates_to"}

// jsonWithout encodes v as a JSON object without the given keys, which the
// caller keeps in columns. Keys come out sorted, so equal values give
// equal text.
func jsonWithout(v any, drop []string) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return "", err
	}
	for _, k := range drop {
		delete(m, k)
	}
	out, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// agreementRules returns the agreement-level rule blocks as JSON.
func agreementRules(a *gov.Agreement) (string, error) {
	head := *a
	head.Levels, head.Parties, head.People, head.Forums, head.Memberships = nil, nil, nil, nil, nil
	s, err := jsonWithout(&head, agreementColumns)
	if err != nil {
		return "", fmt.Errorf("encode agreement rules: %w", err)
	}
	return s, nil
}

// forumRules returns the parts of f without a column as JSON.
func forumRules(f *gov.Forum) (string, error) {
	s, err := jsonWithout(f, forumColumns)
	if err != nil {
		return "", fmt.Errorf("encode forum %q: %w", f.Slug, err)
	}
	return s, nil
}

// jsonList encodes a list column; an empty list is [] rather than null so
// that SQL JSON functions see an array.
func jsonList(v []string) (string, error) {
	if len(v) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// digest identifies a normalised model: the audit entry records it, so a
// file can be matched with the entry that applied it.
func digest(a *gov.Agreement) (string, error) {
	b, err := json.Marshal(a)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
