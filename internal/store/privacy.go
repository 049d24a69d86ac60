package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/gov"
)

// Personal data: what steerco holds about one person (PersonalData, for
// a data subject's access request) and erasure that pseudonymises them
// everywhere (ErasePerson), including the audit log, without breaking its
// hash chain (see audit.go: v2 entries hash digests of their texts).
//
// A person is found by e-mail address: their account and the directory
// entries with that address in every agreement. The texts that name them
// are their e-mail addresses, names and phone numbers, matched without
// regard to case and only as whole words, so that "Anna" does not match
// inside "Annala".

// ActionErase is the audit action of an erasure. Its entry names only the
// pseudonym and lists the entries it redacted; CheckAudit accepts a
// redacted entry only when such an entry lists it.
const ActionErase = "privacy.erase"

// erasedEntries reads the ids an erasure entry's after text lists.
func erasedEntries(after string) []int64 {
	var v struct {
		Redacted []int64 `json:"redacted"`
	}
	if json.Unmarshal([]byte(after), &v) != nil {
		return nil
	}
	return v.Redacted
}

// subject is who an export or erasure is about.
type subject struct {
	user   *User
	people []subjectPerson
	// The texts that name them, distinct, lower-case for e-mails.
	emails, names, phones []string
}

// subjectPerson is one of the subject's directory entries.
type subjectPerson struct {
	id, agreementID          int64
	agreement, agreementName string
	gov.Person
}

// findSubject finds the account and directory entries with the e-mail
// address; neither gives an error wrapping ErrNotFound.
func findSubject(ctx context.Context, tx *Tx, email string, also []string) (*subject, error) {
	email = strings.TrimSpace(email)
	sub := &subject{}
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE lower(email) = lower(?)`, email))
	switch {
	case err == nil:
		sub.user = u
	case !errors.Is(err, ErrNotFound):
		return nil, err
	}
	err = queryEach(ctx, tx, `SELECT p.id, p.agreement_id, a.slug, a.name, p.slug, p.name, pa.slug, p.titles, p.email, p.phone,
		COALESCE(d.slug, '') FROM people p JOIN agreements a ON a.id = p.agreement_id JOIN parties pa ON pa.id = p.party_id
		LEFT JOIN people d ON d.id = p.deputy_id WHERE lower(p.email) = lower(?) ORDER BY a.slug, p.slug`, []any{email},
		func(rows *sql.Rows) error {
			var p subjectPerson
			var titles string
			if err := rows.Scan(&p.id, &p.agreementID, &p.agreement, &p.agreementName, &p.Slug, &p.Name, &p.Party, &titles,
				&p.Email, &p.Phone, &p.Deputy); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(titles), &p.Titles); err != nil {
				return fmt.Errorf("person %s: titles: %w", p.Slug, err)
			}
			sub.people = append(sub.people, p)
			return nil
		})
	if err != nil {
		return nil, err
	}
	add := func(list *[]string, v string) {
		if v = strings.TrimSpace(v); v != "" && !slices.ContainsFunc(*list, func(x string) bool { return strings.EqualFold(x, v) }) {
			*list = append(*list, v)
		}
	}
	add(&sub.emails, strings.ToLower(email))
	if sub.user != nil {
		add(&sub.emails, strings.ToLower(sub.user.Email))
		add(&sub.names, sub.user.Name)
	}
	for _, p := range sub.people {
		add(&sub.emails, strings.ToLower(p.Email))
		add(&sub.names, p.Name)
		add(&sub.phones, p.Phone)
	}
	// What they were called before: names, addresses and numbers of
	// their directory entries and account in earlier audit entries (a
	// changed phone number is still theirs, and still in the log), and
	// of entries since removed from the directory.
	var former []person
	slugs := map[string]bool{}
	for _, p := range sub.people {
		slugs[fmt.Sprint(p.agreementID)+"/"+p.Slug] = true
	}
	userID := ""
	if sub.user != nil {
		userID = fmt.Sprint(sub.user.ID)
	}
	err = queryEach(ctx, tx, auditSelect+` WHERE l.object_type IN ('person', 'user')`, nil, func(rows *sql.Rows) error {
		var r auditRecord
		if err := r.scan(rows); err != nil {
			return err
		}
		found := append(personsIn(r.Before), personsIn(r.After)...)
		ours := r.ObjectType == "user" && r.ObjectID == userID && userID != "" ||
			r.ObjectType == "person" && slugs[fmt.Sprint(r.AgreementID.Int64)+"/"+r.ObjectID]
		for _, p := range found {
			if ours || p.Email != "" && strings.EqualFold(p.Email, email) {
				former = append(former, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if sub.user == nil && len(sub.people) == 0 && len(former) == 0 {
		return nil, fmt.Errorf("no account or directory entry has the e-mail %s: %w", email, ErrNotFound)
	}
	for _, p := range former {
		add(&sub.emails, strings.ToLower(p.Email))
		add(&sub.names, p.Name)
		add(&sub.phones, p.Phone)
	}
	for _, a := range also {
		add(&sub.names, a)
	}
	return sub, nil
}

// person is the part of a directory entry or account that names someone.
type person struct{ Name, Email, Phone string }

// personsIn reads the person an audit text describes: a directory entry
// or account itself, or wrapped as a directory edit writes it
// ({"object": ...}, {"person": ...}). Redacted texts name a pseudonym.
func personsIn(text sql.NullString) []person {
	if !text.Valid {
		return nil
	}
	var v struct {
		person
		Object *person `json:"object"`
		Person *person `json:"person"`
	}
	if json.Unmarshal([]byte(text.String), &v) != nil {
		return nil
	}
	out := []person{v.person}
	for _, p := range []*person{v.Object, v.Person} {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

// peopleIDs are the row ids of the subject's directory entries.
func (sub *subject) peopleIDs() []any {
	out := make([]any, len(sub.people))
	for i, p := range sub.people {
		out[i] = p.id
	}
	return out
}

// inList returns " IN (?, ?...)" for n values; callers skip empty lists.
func inList(n int) string {
	return " IN (?" + strings.Repeat(", ?", n-1) + ")"
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Shortest texts matched in free text. Shorter names and numbers would
// match too much (a name "Li" inside every "Li Ltd"); they are still
// replaced in the fields that hold them, and the erasure warns.
const (
	minNameRunes   = 4
	minPhoneDigits = 6
)

// matcher finds and replaces the texts that name a person.
type matcher struct {
	needles []needle
	// skipped are names and numbers too short to replace in free text.
	skipped []string
}

// needle is one text to find, as a whole word, in any case.
type needle struct {
	re    *regexp.Regexp
	repl  string
	email bool
}

// newMatcher replaces e-mails with email, names with name and phone
// numbers with phone. Longer texts go first, so that a name inside an
// e-mail address is replaced with the address.
func newMatcher(sub *subject, email, name, phone string) *matcher {
	m := &matcher{}
	var ns []needle
	for _, e := range sub.emails {
		ns = append(ns, needle{re: regexp.MustCompile(`(?i)` + regexp.QuoteMeta(e)), repl: email, email: true})
	}
	for _, n := range sub.names {
		if utf8.RuneCountInString(n) < minNameRunes {
			m.skipped = append(m.skipped, n)
			continue
		}
		ns = append(ns, needle{re: regexp.MustCompile(`(?i)` + regexp.QuoteMeta(n)), repl: name})
	}
	for _, p := range sub.phones {
		if strings.Count(strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return 'd'
			}
			return -1
		}, p), "d") < minPhoneDigits {
			m.skipped = append(m.skipped, p)
			continue
		}
		ns = append(ns, needle{re: regexp.MustCompile(regexp.QuoteMeta(p)), repl: phone})
	}
	sort.SliceStable(ns, func(i, j int) bool { return len(ns[i].re.String()) > len(ns[j].re.String()) })
	m.needles = ns
	return m
}

// replace replaces every whole-word occurrence in s.
func (m *matcher) replace(s string) (string, bool) {
	changed := false
	for _, n := range m.needles {
		var c bool
		s, c = n.apply(s)
		changed = changed || c
	}
	return s, changed
}

func (n needle) apply(s string) (string, bool) {
	idx := n.re.FindAllStringIndex(s, -1)
	if idx == nil {
		return s, false
	}
	var b strings.Builder
	last := 0
	for _, ix := range idx {
		if !n.whole(s, ix[0], ix[1]) {
			continue
		}
		b.WriteString(s[last:ix[0]])
		b.WriteString(n.repl)
		last = ix[1]
	}
	if last == 0 {
		return s, false
	}
	b.WriteString(s[last:])
	return b.String(), true
}

// whole reports whether s[i:j] is not part of a longer word (or, for an
// e-mail address, of a longer address: "x.anna@example.fi" is another
// address, "anna@example.fi." ends a sentence).
func (n needle) whole(s string, i, j int) bool {
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if word(r) || n.email && strings.ContainsRune("._%+-", r) {
			return false
		}
	}
	if j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if word(r) || r == '-' || r == '_' {
			return false
		}
		if n.email && r == '.' && j+size < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[j+size:]); word(next) {
				return false // the domain goes on
			}
		}
	}
	return true
}

// jsonColumns hold JSON, which is rewritten value by value so that it
// stays JSON whatever the names contain.
var jsonColumns = map[string]bool{"rules": true, "titles": true, "before_json": true, "after_json": true}

// refKeys name, in a model's JSON, values that are ids (slugs) of
// people, parties and forums. They are left alone outside the audit log:
// an id such as "anna" must keep pointing at its object even when a
// person called Anna is erased.
var refKeys = map[string]bool{"id": true, "slug": true, "person": true, "deputy": true, "party": true, "parties": true,
	"forum": true, "forums": true, "level": true, "escalates_to": true, "owner": true, "presents": true,
	"convenes": true, "prepares": true, "chairs": true, "minutes": true}

// value replaces in one column's value. In the audit log (refs false)
// every string is fair game; elsewhere ids in JSON are kept.
func (m *matcher) value(column, v string, keepRefs bool) (string, bool) {
	switch {
	case jsonColumns[column]:
		return m.json(v, keepRefs)
	case strings.Contains(v, "\r\n "), strings.Contains(v, "\r\n\t"):
		// Folded iCalendar (RFC 5545 §3.1): a name or address can be split
		// across lines, so unfold, replace and fold again.
		unfolded := strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(v)
		out, changed := m.replace(unfolded)
		if !changed {
			return v, false
		}
		return foldICS(out), true
	}
	return m.replace(v)
}

func (m *matcher) json(v string, keepRefs bool) (string, bool) {
	dec := json.NewDecoder(strings.NewReader(v))
	dec.UseNumber()
	var x any
	if dec.Decode(&x) != nil {
		return m.replace(v)
	}
	x, changed := m.walk(x, keepRefs, "")
	if !changed {
		return v, false
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(x) != nil {
		return m.replace(v)
	}
	return strings.TrimSuffix(buf.String(), "\n"), true
}

func (m *matcher) walk(x any, keepRefs bool, key string) (any, bool) {
	switch t := x.(type) {
	case string:
		if keepRefs && refKeys[key] {
			return t, false
		}
		return m.replace(t)
	case []any:
		changed := false
		for i := range t {
			var c bool
			t[i], c = m.walk(t[i], keepRefs, key)
			changed = changed || c
		}
		return t, changed
	case map[string]any:
		changed := false
		for k, v := range t {
			nv, c := m.walk(v, keepRefs, k)
			if c {
				t[k], changed = nv, true
			}
		}
		return t, changed
	}
	return x, false
}

// foldICS folds iCalendar content lines longer than 75 octets, never
// inside a UTF-8 sequence.
func foldICS(s string) string {
	var b strings.Builder
	for i, line := range strings.Split(s, "\r\n") {
		if i > 0 {
			b.WriteString("\r\n")
		}
		limit := 75
		for len(line) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			b.WriteString(line[:cut])
			b.WriteString("\r\n ")
			line = line[cut:]
			limit = 74 // the leading space counts
		}
		b.WriteString(line)
	}
	return b.String()
}

// EraseOptions are the choices of an erasure.
type EraseOptions struct {
	// Actor names the operator in the audit log.
	Actor string
	// Also are further forms of the name to replace in free text
	// ("A. Virtanen"); the directory's and the account's names always are.
	Also []string
	// Check validates every stored agreement after the erasure, inside
	// its transaction (the Store does not know the model rules); its
	// error undoes the erasure. Optional.
	Check func(a *gov.Agreement) error
	// DryRun does everything and then rolls it back, to show what an
	// erasure would change.
	DryRun bool
}

// Erasure says what ErasePerson changed.
type Erasure struct {
	// Pseudonym replaces the person's name, PseudoEmail their e-mail
	// address; PseudoID names the erasure in the audit log.
	Pseudonym, PseudoEmail, PseudoID string
	// Account is set when an account was disabled and pseudonymised.
	Account bool
	// Agreements lists the agreements whose directory had the person.
	Agreements []string
	// Rows counts the changed rows per table (audit_log: redacted entries).
	Rows map[string]int
	// Redacted lists the audit entries whose texts were redacted.
	Redacted []int64
	// Unredactable lists v1 audit entries (written before hash version
	// 2) that name the person: redacting them would break the chain.
	Unredactable []int64
	// Skipped are names or numbers too short to replace in free text.
	Skipped []string
	// EntryID is the privacy.erase audit entry (0 on a dry run).
	EntryID int64
}

// errDryRun rolls a dry run back.
var errDryRun = errors.New("dry run")

// ErasePerson pseudonymises the person with the e-mail address
// everywhere, in one transaction: their account (disabled, signed out of
// the API and calendar feeds), their directory entries in every
// agreement, attendance, action items they own, messages to them
// (unsent ones are given up), every other text column that names them,
// and the texts of the audit entries that name them.
//
// Audit entries are redacted in place: a v2 entry's hash covers digests of
// its texts, so the chain still verifies; the digests' salt is cleared so
// that they cannot confirm a guess of what the texts said. One new entry,
// privacy.erase, names only the pseudonym and lists the redacted entries.
// Entries written before hash version 2 cannot be redacted; they are
// listed in Erasure.Unredactable (see migrations/*/00006_privacy.sql).
//
// What is not changed: ids (a person's slug such as "anna-virtanen" stays,
// since the model and the audit log refer to it), file contents of
// materials, and other forms of the name than those given (see Also).
func (s *Store) ErasePerson(ctx context.Context, email string, opts EraseOptions) (*Erasure, error) {
	if opts.Actor == "" {
		return nil, errors.New("store: erase: actor is required")
	}
	var out *Erasure
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		out, err = erase(ctx, tx, email, opts)
		if err == nil && opts.DryRun {
			return errDryRun
		}
		return err
	})
	if errors.Is(err, errDryRun) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: erase %s: %w", email, err)
	}
	return out, nil
}

func erase(ctx context.Context, tx *Tx, email string, opts EraseOptions) (*Erasure, error) {
	// Taken first, like every audited change: appends wait, so no entry
	// naming the person can slip in while the log is being redacted.
	if _, _, err := tx.lockAuditHead(ctx); err != nil {
		return nil, err
	}
	sub, err := findSubject(ctx, tx, email, opts.Also)
	if err != nil {
		return nil, err
	}
	id, err := newPseudonym(ctx, tx)
	if err != nil {
		return nil, err
	}
	e := &Erasure{Pseudonym: "Erased person " + id, PseudoEmail: "erased-" + id + "@erased.invalid", PseudoID: "erased-" + id,
		Rows: map[string]int{}}
	m := newMatcher(sub, e.PseudoEmail, e.Pseudonym, "[phone erased]")
	e.Skipped = m.skipped
	now := time.Now().UTC().Truncate(time.Microsecond)
	if err := eraseFields(ctx, tx, sub, e, now); err != nil {
		return nil, err
	}
	if err := scrubTables(ctx, tx, m, e.Rows); err != nil {
		return nil, err
	}
	if err := redactAudit(ctx, tx, m, e, now); err != nil {
		return nil, err
	}
	if opts.Check != nil {
		if err := checkAgreements(ctx, tx, opts.Check); err != nil {
			return nil, err
		}
	}
	for _, p := range sub.people {
		if !slices.Contains(e.Agreements, p.agreement) {
			e.Agreements = append(e.Agreements, p.agreement)
		}
	}
	if opts.DryRun {
		return e, nil
	}
	err = tx.audit(ctx, Entry{Actor: opts.Actor, Action: ActionErase, ObjectType: "person", ObjectID: e.PseudoID,
		After: map[string]any{
			"pseudonym": e.Pseudonym, "email": e.PseudoEmail, "account": e.Account, "agreements": len(e.Agreements),
			"rows": e.Rows, "redacted": e.Redacted, "unredactable": e.Unredactable,
		}})
	if err != nil {
		return nil, err
	}
	return e, tx.QueryRowContext(ctx, `SELECT id FROM audit_log WHERE action = ? AND object_id = ?`, ActionErase, e.PseudoID).Scan(&e.EntryID)
}

// newPseudonym picks a short random id no earlier erasure used: random,
// so that it says nothing about the person.
func newPseudonym(ctx context.Context, tx *Tx) (string, error) {
	for n := 2; ; n++ {
		b := make([]byte, n/10+2) // 4 hex digits, more if they keep colliding
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		id := hex.EncodeToString(b)
		var used int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE lower(email) = ?`, "erased-"+id+"@erased.invalid").Scan(&used); err != nil {
			return "", err
		}
		if used == 0 {
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = ? AND object_id = ?`, ActionErase, "erased-"+id).Scan(&used); err != nil {
				return "", err
			}
		}
		if used == 0 {
			return id, nil
		}
	}
}

// eraseFields pseudonymises the fields that are the person: the account,
// directory entries, attendance, owned action items, messages to them.
// Names are replaced here by who the row is (ids, addresses), not by
// matching the name, so that another person of the same name keeps theirs.
func eraseFields(ctx context.Context, tx *Tx, sub *subject, e *Erasure, now time.Time) error {
	exec := func(table, q string, args ...any) error {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("erase %s: %w", table, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			e.Rows[table] += int(n)
		}
		return nil
	}
	if u := sub.user; u != nil {
		e.Account = true
		// The password goes and the account is disabled: nobody signs in
		// as the pseudonym; the web guard ends its open sessions.
		if err := exec("users", `UPDATE users SET email = ?, name = ?, password_hash = '', oidc_subject = NULL, disabled = ?, updated_at = ? WHERE id = ?`,
			e.PseudoEmail, e.Pseudonym, true, now, u.ID); err != nil {
			return err
		}
		if err := exec("api_tokens", `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, now, u.ID); err != nil {
			return err
		}
		if err := exec("calendar_feeds", `UPDATE calendar_feeds SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, now, u.ID); err != nil {
			return err
		}
	}
	emails := anys(sub.emails)
	// Failed sign-ins are kept only for rate limiting: they go.
	if err := exec("login_failures", `DELETE FROM login_failures WHERE lower(email)`+inList(len(emails)), emails...); err != nil {
		return err
	}
	ids := sub.peopleIDs()
	if len(ids) > 0 {
		if err := exec("people", `UPDATE people SET name = ?, email = '', phone = '' WHERE id`+inList(len(ids)),
			append([]any{e.Pseudonym}, ids...)...); err != nil {
			return err
		}
		// The directory changed under every agreement's cached model.
		if err := exec("agreements", `UPDATE agreements SET revision = revision + 1`); err != nil {
			return err
		}
	}
	// Attendance snapshots the name; rows whose person has left the
	// directory are matched by the name alone.
	var where []string
	var args []any
	if len(ids) > 0 {
		where, args = append(where, `person_id`+inList(len(ids))), append(args, ids...)
	}
	if len(sub.names) > 0 {
		where, args = append(where, `(person_id IS NULL AND person_name`+inList(len(sub.names))+`)`), append(args, anys(sub.names)...)
	}
	if len(where) > 0 {
		if err := exec("attendance", `UPDATE attendance SET person_name = ? WHERE `+strings.Join(where, " OR "),
			append([]any{e.Pseudonym}, args...)...); err != nil {
			return err
		}
	}
	q := `UPDATE action_items SET owner_name = ?, owner_email = '' WHERE lower(owner_email)` + inList(len(emails))
	args = append([]any{e.Pseudonym}, emails...)
	if len(ids) > 0 {
		q += ` OR owner_id` + inList(len(ids))
		args = append(args, ids...)
	}
	if err := exec("action_items", q, args...); err != nil {
		return err
	}
	// Messages not yet sent are given up: the address is gone. The
	// attempt count marks them failed for the sender and the outbox list.
	if err := exec("outbox", `UPDATE outbox SET attempts = 1000, last_error = 'not sent: the recipient was erased'
		WHERE sent_at IS NULL AND lower(recipient)`+inList(len(emails)), emails...); err != nil {
		return err
	}
	// The address itself is replaced with the rest of the free text.
	return nil
}

// scrubSkip are the columns free-text replacement leaves alone: ids
// (slugs and their references), codes, and the name fields eraseFields
// set by who the row is. Matched by column name, or table.column.
var scrubSkip = map[string]bool{
	"slug": true, "party": true, "level": true, "escalates_to": true, "role": true, "kind": true, "state": true,
	"status": true, "key": true, "token_hash": true, "prefix": true, "hash": true, "prev_hash": true, "sha256": true,
	"ical_uid": true, "frequency": true, "source": true, "type": true,
	"person": true, "duty_person": true, "voter": true, "owner": true, "esc_path": true,
	"people.name": true, "users.name": true, "attendance.person_name": true, "action_items.owner_name": true,
}

// scrubNotTables are tables free-text replacement leaves alone: the
// audit log (redactAudit), migrations' bookkeeping.
var scrubNotTables = map[string]bool{"audit_log": true, "audit_digests": true, "audit_head": true, "goose_db_version": true}

// textColumn is a column that holds text.
type textColumn struct{ table, column string }

// textColumns lists every text column of every table, from the schema
// itself, so that a table added later is covered without a change here.
//
// DIALECT: SQLite lists tables in sqlite_master and columns with the
// table_info pragma (declared types); PostgreSQL in information_schema.
func textColumns(ctx context.Context, tx *Tx) ([]textColumn, error) {
	var out []textColumn
	if tx.dialect == DialectPostgres {
		err := queryEach(ctx, tx, `SELECT c.table_name, c.column_name FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
			AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
			ORDER BY c.table_name, c.ordinal_position`, nil, func(rows *sql.Rows) error {
			var c textColumn
			err := rows.Scan(&c.table, &c.column)
			out = append(out, c)
			return err
		})
		return out, err
	}
	var tables, virtual []string
	fts := map[string]bool{}
	err := queryEach(ctx, tx, `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`, nil,
		func(rows *sql.Rows) error {
			var n, def string
			err := rows.Scan(&n, &def)
			def = strings.ToUpper(def)
			tables = append(tables, n)
			if strings.HasPrefix(def, "CREATE VIRTUAL TABLE") {
				virtual = append(virtual, n)
				fts[n] = strings.Contains(def, "USING FTS5")
			}
			return err
		})
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		// A full-text index (FTS5) is a virtual table whose columns have
		// no types: its texts are replaced through it, which keeps the
		// index right; its shadow tables (NAME_content...) are its own
		// business, and other virtual tables are left alone.
		if slices.ContainsFunc(virtual, func(v string) bool { return strings.HasPrefix(t, v+"_") }) ||
			slices.Contains(virtual, t) && !fts[t] {
			continue
		}
		// The name comes from sqlite_master, never from input.
		err := queryEach(ctx, tx, `SELECT name, type FROM pragma_table_info('`+strings.ReplaceAll(t, "'", "''")+`')`, nil,
			func(rows *sql.Rows) error {
				var name, typ string
				if err := rows.Scan(&name, &typ); err != nil {
					return err
				}
				typ = strings.ToUpper(typ)
				if fts[t] || strings.Contains(typ, "TEXT") || strings.Contains(typ, "CHAR") || strings.Contains(typ, "CLOB") || strings.Contains(typ, "JSON") {
					out = append(out, textColumn{t, name})
				}
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// quoteIdent quotes a table or column name from the schema.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// scrubTables replaces the person's texts in every text column of every
// table but those skipped, and counts the changed rows in rows.
func scrubTables(ctx context.Context, tx *Tx, m *matcher, counts map[string]int) error {
	cols, err := textColumns(ctx, tx)
	if err != nil {
		return fmt.Errorf("erase: list columns: %w", err)
	}
	byTable := map[string][]string{}
	var tables []string
	for _, c := range cols {
		if scrubNotTables[c.table] || scrubSkip[c.column] || scrubSkip[c.table+"."+c.column] {
			continue
		}
		if _, ok := byTable[c.table]; !ok {
			tables = append(tables, c.table)
		}
		byTable[c.table] = append(byTable[c.table], c.column)
	}
	// DIALECT: a row is addressed by SQLite's rowid or PostgreSQL's ctid,
	// which every table has, whatever its key. A ctid changes when the
	// row is updated: an update that finds no row means another
	// transaction changed it meanwhile, and the erasure is undone rather
	// than left incomplete.
	key, keyCast := "rowid", ""
	if tx.dialect == DialectPostgres {
		key, keyCast = "ctid::text", "::tid"
	}
	for _, table := range tables {
		names := byTable[table]
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = quoteIdent(n)
			if tx.dialect == DialectPostgres {
				quoted[i] += "::text" // JSONB reads back as its text
			}
		}
		type change struct {
			key  any // int64 rowid, or ctid text
			cols []string
			vals []any
		}
		var changes []change
		err := queryEach(ctx, tx, `SELECT `+key+`, `+strings.Join(quoted, ", ")+` FROM `+quoteIdent(table), nil, func(rows *sql.Rows) error {
			var k any
			vals := make([]sql.NullString, len(names))
			dest := []any{&k}
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			var ch change
			for i, v := range vals {
				if !v.Valid {
					continue
				}
				if nv, changed := m.value(names[i], v.String, true); changed {
					ch.cols = append(ch.cols, quoteIdent(names[i])+" = ?")
					ch.vals = append(ch.vals, nv)
				}
			}
			if len(ch.cols) > 0 {
				ch.key = k
				changes = append(changes, ch)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("erase: read %s: %w", table, err)
		}
		for _, ch := range changes {
			res, err := tx.ExecContext(ctx, `UPDATE `+quoteIdent(table)+` SET `+strings.Join(ch.cols, ", ")+` WHERE `+
				strings.TrimSuffix(key, "::text")+` = ?`+keyCast, append(ch.vals, ch.key)...)
			if err != nil {
				return fmt.Errorf("erase: update %s: %w", table, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fmt.Errorf("erase: a row of %s changed while it was being erased; run the erasure again", table)
			}
			counts[table]++
		}
	}
	return nil
}

// redactAudit replaces the person's texts in the actor, before and after
// of every v2 audit entry that names them, marking the entry redacted
// first (the trigger allows the texts to change only then). v1 entries
// that name them are listed, not changed. Erasure entries are left as
// they are: they name pseudonyms only, and vouch for the redactions.
func redactAudit(ctx context.Context, tx *Tx, m *matcher, e *Erasure, now time.Time) error {
	type redaction struct {
		id                   int64
		actor, before, after any
	}
	var rs []redaction
	err := queryEach(ctx, tx, auditSelect+` WHERE l.action <> ? ORDER BY l.id`, []any{ActionErase}, func(rows *sql.Rows) error {
		var r auditRecord
		if err := r.scan(rows); err != nil {
			return err
		}
		actor, c1 := m.value("actor", r.Actor, false)
		before, c2 := nullableValue(m, "before_json", r.Before)
		after, c3 := nullableValue(m, "after_json", r.After)
		if !c1 && !c2 && !c3 {
			return nil
		}
		if r.Version != auditV2 {
			e.Unredactable = append(e.Unredactable, r.ID)
			return nil
		}
		rs = append(rs, redaction{r.ID, actor, before, after})
		return nil
	})
	if err != nil {
		return fmt.Errorf("erase: read audit log: %w", err)
	}
	for _, r := range rs {
		if _, err := tx.ExecContext(ctx, `UPDATE audit_digests SET salt = NULL, redacted_at = ? WHERE entry_id = ?`, now, r.id); err != nil {
			return fmt.Errorf("erase: redact audit entry %d: %w", r.id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET actor = ?, before_json = ?, after_json = ? WHERE id = ?`,
			r.actor, r.before, r.after, r.id); err != nil {
			return fmt.Errorf("erase: redact audit entry %d: %w", r.id, err)
		}
		e.Redacted = append(e.Redacted, r.id)
	}
	if len(rs) > 0 {
		e.Rows["audit_log"] = len(rs)
	}
	return nil
}

func nullableValue(m *matcher, column string, v sql.NullString) (any, bool) {
	if !v.Valid {
		return nil, false
	}
	out, changed := m.value(column, v.String, false)
	return out, changed
}

// checkAgreements runs check on every stored agreement: the erasure
// rewrote names in the directory and may have rewritten texts of the
// model, which must still be valid.
func checkAgreements(ctx context.Context, tx *Tx, check func(*gov.Agreement) error) error {
	var slugs []string
	err := queryEach(ctx, tx, `SELECT slug FROM agreements ORDER BY slug`, nil, func(rows *sql.Rows) error {
		var s string
		err := rows.Scan(&s)
		slugs = append(slugs, s)
		return err
	})
	if err != nil {
		return err
	}
	for _, slug := range slugs {
		l, err := loadAgreement(ctx, tx, slug)
		if err != nil {
			return err
		}
		if err := check(l.model); err != nil {
			return fmt.Errorf("agreement %s would no longer be valid: %w", slug, err)
		}
	}
	return nil
}

// PersonalData is everything steerco holds about one person, for their
// access request (GDPR art. 15) or a move elsewhere (art. 20).
type PersonalData struct {
	Email string `json:"email"`
	// Account is their user account, without its password hash.
	Account     *PersonalAccount  `json:"account,omitempty"`
	Directory   []DirectoryEntry  `json:"directory"`
	Attendance  []AttendanceEntry `json:"attendance"`
	ActionItems []OwnedAction     `json:"action_items"`
	// Authored are meetings, minutes, materials and agenda proposals
	// recorded as theirs.
	Authored          []AuthoredRecord  `json:"authored"`
	Messages          []PersonalMessage `json:"messages"`
	APITokens         []PersonalToken   `json:"api_tokens"`
	CalendarFeeds     []PersonalFeed    `json:"calendar_feeds"`
	SurveyInvitations []SurveyInvite    `json:"survey_invitations"`
	LoginFailures     []LoginFailure    `json:"login_failures"`
	AuditEntries      []AuditEntry      `json:"audit_entries"`
}

// PersonalAccount is a user account as its owner may see it.
type PersonalAccount struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Party     string    `json:"party,omitempty"`
	Role      string    `json:"role"`
	Admin     bool      `json:"admin"`
	Locale    string    `json:"locale,omitempty"`
	SSO       bool      `json:"single_sign_on"`
	Password  bool      `json:"has_password"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// DirectoryEntry is one agreement's directory entry of the person, with
// their seats.
type DirectoryEntry struct {
	Agreement     string           `json:"agreement"`
	AgreementName string           `json:"agreement_name"`
	Person        gov.Person       `json:"person"`
	Memberships   []gov.Membership `json:"memberships,omitempty"`
}

// AttendanceEntry is the person at one meeting.
type AttendanceEntry struct {
	Agreement string `json:"agreement"`
	Forum     string `json:"forum"`
	MeetingID int64  `json:"meeting_id"`
	Title     string `json:"meeting_title"`
	Date      string `json:"date"`
	Name      string `json:"name"`
	Role      string `json:"role"`
	Present   bool   `json:"present"`
}

// OwnedAction is an action item the person owns, with its history.
type OwnedAction struct {
	ID         int64           `json:"id"`
	Agreement  string          `json:"agreement"`
	Forum      string          `json:"forum"`
	MeetingID  int64           `json:"meeting_id,omitempty"`
	Title      string          `json:"title"`
	Owner      string          `json:"owner,omitempty"`
	OwnerName  string          `json:"owner_name"`
	OwnerEmail string          `json:"owner_email,omitempty"`
	Due        string          `json:"due"`
	Status     string          `json:"status"`
	CreatedAt  time.Time       `json:"created_at"`
	UpdatedAt  time.Time       `json:"updated_at"`
	History    []PersonalEvent `json:"history"`
}

// PersonalEvent is one entry of an action item's history.
type PersonalEvent struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Change string    `json:"change"`
}

// AuthoredRecord is a record naming the person as its author.
type AuthoredRecord struct {
	// Kind is meeting (created), minutes (written or approved), material
	// (uploaded) or agenda-item (proposed).
	Kind      string    `json:"kind"`
	Role      string    `json:"role"`
	ID        int64     `json:"id"`
	MeetingID int64     `json:"meeting_id"`
	Agreement string    `json:"agreement"`
	Title     string    `json:"title"`
	At        time.Time `json:"at"`
}

// PersonalMessage is a notification to the person.
type PersonalMessage struct {
	ID        int64      `json:"id"`
	MeetingID int64      `json:"meeting_id,omitempty"`
	Kind      string     `json:"kind"`
	Recipient string     `json:"recipient"`
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	Calendar  string     `json:"calendar,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
}

// PersonalToken is an API token of the person's, without its hash.
type PersonalToken struct {
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	Scopes    string     `json:"scopes"`
	Prefix    string     `json:"prefix"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	LastUsed  *time.Time `json:"last_used_at,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// PersonalFeed is a calendar feed of the person's, without its hash.
type PersonalFeed struct {
	Agreement string     `json:"agreement,omitempty"`
	Forum     string     `json:"forum,omitempty"`
	Prefix    string     `json:"prefix"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used_at,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// SurveyInvite is a survey invitation sent to the person. Answers are
// stored apart from invitations and cannot be told apart by person.
type SurveyInvite struct {
	MeetingID  int64      `json:"meeting_id"`
	CreatedAt  time.Time  `json:"created_at"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
}

// LoginFailure is a failed sign-in with the person's e-mail address.
type LoginFailure struct {
	IP string    `json:"ip"`
	At time.Time `json:"at"`
}

// PersonalData gathers what steerco holds about the person with the
// e-mail address, from one snapshot. Neither an account nor a directory
// entry with the address gives an error wrapping ErrNotFound.
func (s *Store) PersonalData(ctx context.Context, email string) (*PersonalData, error) {
	var out *PersonalData
	err := s.inReadTx(ctx, func(tx *Tx) error {
		var err error
		out, err = personalData(ctx, tx, email)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: personal data of %s: %w", email, err)
	}
	return out, nil
}

func personalData(ctx context.Context, tx *Tx, email string) (*PersonalData, error) {
	sub, err := findSubject(ctx, tx, email, nil)
	if err != nil {
		return nil, err
	}
	d := &PersonalData{Email: strings.TrimSpace(email), Directory: []DirectoryEntry{}, Attendance: []AttendanceEntry{},
		ActionItems: []OwnedAction{}, Authored: []AuthoredRecord{}, Messages: []PersonalMessage{}, APITokens: []PersonalToken{},
		CalendarFeeds: []PersonalFeed{}, SurveyInvitations: []SurveyInvite{}, LoginFailures: []LoginFailure{}, AuditEntries: []AuditEntry{}}
	if u := sub.user; u != nil {
		d.Account = &PersonalAccount{ID: u.ID, Email: u.Email, Name: u.Name, Party: u.Party, Role: u.Role, Admin: u.IsAdmin,
			Locale: u.Locale, SSO: u.OIDCSubject != "", Password: u.PasswordHash != "", Disabled: u.Disabled, CreatedAt: u.CreatedAt}
	}
	for _, p := range sub.people {
		e := DirectoryEntry{Agreement: p.agreement, AgreementName: p.agreementName, Person: p.Person}
		err := queryEach(ctx, tx, `SELECT f.slug, m.role, m.valid_from, COALESCE(m.valid_to, '') FROM memberships m
			JOIN forums f ON f.id = m.forum_id WHERE m.person_id = ? ORDER BY m.position, m.id`, []any{p.id}, func(rows *sql.Rows) error {
			ms := gov.Membership{Person: p.Slug}
			err := rows.Scan(&ms.Forum, &ms.Role, &ms.From, &ms.To)
			e.Memberships = append(e.Memberships, ms)
			return err
		})
		if err != nil {
			return nil, err
		}
		d.Directory = append(d.Directory, e)
	}
	ids, emails, names := sub.peopleIDs(), anys(sub.emails), anys(sub.names)
	// Attendance by directory entry, or by name where the entry is gone.
	var where []string
	var args []any
	if len(ids) > 0 {
		where, args = append(where, `at.person_id`+inList(len(ids))), append(args, ids...)
	}
	if len(names) > 0 {
		where, args = append(where, `(at.person_id IS NULL AND at.person_name`+inList(len(names))+`)`), append(args, names...)
	}
	if len(where) > 0 {
		err := queryEach(ctx, tx, `SELECT a.slug, f.slug, m.id, m.title, m.local_date, at.person_name, at.role, at.present
			FROM attendance at JOIN meetings m ON m.id = at.meeting_id JOIN agreements a ON a.id = m.agreement_id
			JOIN forums f ON f.id = m.forum_id WHERE `+strings.Join(where, " OR ")+` ORDER BY m.starts_at, m.id`, args,
			func(rows *sql.Rows) error {
				var e AttendanceEntry
				err := rows.Scan(&e.Agreement, &e.Forum, &e.MeetingID, &e.Title, &e.Date, &e.Name, &e.Role, &e.Present)
				d.Attendance = append(d.Attendance, e)
				return err
			})
		if err != nil {
			return nil, err
		}
	}
	// Action items they own, with each one's history.
	q := `SELECT ` + actionColumns + ` FROM action_items ai JOIN agreements a ON a.id = ai.agreement_id JOIN forums f ON f.id = ai.forum_id
		LEFT JOIN people p ON p.id = ai.owner_id WHERE lower(ai.owner_email)` + inList(len(emails))
	args = emails
	if len(ids) > 0 {
		q += ` OR ai.owner_id` + inList(len(ids))
		args = append(slices.Clone(args), ids...)
	}
	err = queryEach(ctx, tx, q+` ORDER BY ai.id`, args, func(rows *sql.Rows) error {
		var a OwnedAction
		err := rows.Scan(&a.ID, &a.Agreement, &a.Forum, &a.MeetingID, &a.Title, &a.Owner, &a.OwnerName, &a.OwnerEmail, &a.Due, &a.Status, &a.CreatedAt, &a.UpdatedAt)
		d.ActionItems = append(d.ActionItems, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range d.ActionItems {
		evs, err := tx.ActionHistory(ctx, d.ActionItems[i].ID)
		if err != nil {
			return nil, err
		}
		d.ActionItems[i].History = []PersonalEvent{}
		for _, e := range evs {
			d.ActionItems[i].History = append(d.ActionItems[i].History, PersonalEvent{At: e.At.UTC(), Actor: e.Actor, Change: e.Change})
		}
	}
	if err := authored(ctx, tx, sub, d); err != nil {
		return nil, err
	}
	var msgs []Message
	err = queryEach(ctx, tx, `SELECT `+messageColumns+` FROM outbox WHERE lower(recipient)`+inList(len(emails))+` ORDER BY id`, emails,
		func(rows *sql.Rows) error { return scanMessages(rows, &msgs) })
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		d.Messages = append(d.Messages, PersonalMessage{ID: m.ID, MeetingID: m.MeetingID, Kind: m.Kind, Recipient: m.Recipient,
			Subject: m.Subject, Body: m.Body, Calendar: m.ICS, CreatedAt: m.CreatedAt.UTC(), SentAt: m.SentAt})
	}
	if u := sub.user; u != nil {
		err := queryEach(ctx, tx, `SELECT name, kind, scopes, prefix, created_at, expires_at, last_used_at, revoked_at
			FROM api_tokens WHERE user_id = ? ORDER BY id`, []any{u.ID}, func(rows *sql.Rows) error {
			var t PersonalToken
			var exp, used, rev sql.NullTime
			err := rows.Scan(&t.Name, &t.Kind, &t.Scopes, &t.Prefix, &t.CreatedAt, &exp, &used, &rev)
			t.ExpiresAt, t.LastUsed, t.RevokedAt = timePtr(exp), timePtr(used), timePtr(rev)
			d.APITokens = append(d.APITokens, t)
			return err
		})
		if err != nil {
			return nil, err
		}
		err = queryEach(ctx, tx, `SELECT COALESCE(a.slug, ''), COALESCE(f.slug, ''), c.prefix, c.created_at, c.last_used_at, c.revoked_at
			FROM calendar_feeds c LEFT JOIN agreements a ON a.id = c.agreement_id LEFT JOIN forums f ON f.id = c.forum_id
			WHERE c.user_id = ? ORDER BY c.id`, []any{u.ID}, func(rows *sql.Rows) error {
			var f PersonalFeed
			var used, rev sql.NullTime
			err := rows.Scan(&f.Agreement, &f.Forum, &f.Prefix, &f.CreatedAt, &used, &rev)
			f.LastUsed, f.RevokedAt = timePtr(used), timePtr(rev)
			d.CalendarFeeds = append(d.CalendarFeeds, f)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	err = queryEach(ctx, tx, `SELECT meeting_id, created_at, answered_at FROM survey_invitations WHERE lower(recipient)`+inList(len(emails))+
		` ORDER BY id`, emails, func(rows *sql.Rows) error {
		var si SurveyInvite
		var ans sql.NullTime
		err := rows.Scan(&si.MeetingID, &si.CreatedAt, &ans)
		si.AnsweredAt = timePtr(ans)
		d.SurveyInvitations = append(d.SurveyInvitations, si)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = queryEach(ctx, tx, `SELECT ip, at FROM login_failures WHERE lower(email)`+inList(len(emails))+` ORDER BY at`, emails,
		func(rows *sql.Rows) error {
			var lf LoginFailure
			err := rows.Scan(&lf.IP, &lf.At)
			d.LoginFailures = append(d.LoginFailures, lf)
			return err
		})
	if err != nil {
		return nil, err
	}
	// Audit entries naming them: by their texts, or about their account.
	m := newMatcher(sub, "", "", "")
	userID := ""
	if sub.user != nil {
		userID = fmt.Sprint(sub.user.ID)
	}
	err = queryEach(ctx, tx, auditSelect+` ORDER BY l.id`, nil, func(rows *sql.Rows) error {
		var r auditRecord
		if err := r.scan(rows); err != nil {
			return err
		}
		_, c1 := m.value("actor", r.Actor, false)
		_, c2 := nullableValue(m, "before_json", r.Before)
		_, c3 := nullableValue(m, "after_json", r.After)
		if c1 || c2 || c3 || r.ObjectType == "user" && r.ObjectID == userID && userID != "" {
			d.AuditEntries = append(d.AuditEntries, r.entry())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// authored finds the records that name the person as author: steerco
// records who acted as "user:EMAIL".
func authored(ctx context.Context, tx *Tx, sub *subject, d *PersonalData) error {
	actors := make([]any, len(sub.emails))
	for i, e := range sub.emails {
		actors[i] = "user:" + e
	}
	list := inList(len(actors))
	queries := []struct{ kind, role, q string }{
		{"meeting", "created", `SELECT m.id, m.id, a.slug, m.title, m.created_at FROM meetings m JOIN agreements a ON a.id = m.agreement_id
			WHERE lower(m.created_by)` + list},
		{"minutes", "written", `SELECT x.id, x.meeting_id, a.slug, m.title, x.written_at FROM minutes x JOIN meetings m ON m.id = x.meeting_id
			JOIN agreements a ON a.id = m.agreement_id WHERE lower(x.written_by)` + list},
		{"minutes", "approved", `SELECT x.id, x.meeting_id, a.slug, m.title, x.approved_at FROM minutes x JOIN meetings m ON m.id = x.meeting_id
			JOIN agreements a ON a.id = m.agreement_id WHERE x.approved_at IS NOT NULL AND lower(x.approved_by)` + list},
		{"material", "uploaded", `SELECT x.id, x.meeting_id, a.slug, x.name, x.uploaded_at FROM materials x JOIN meetings m ON m.id = x.meeting_id
			JOIN agreements a ON a.id = m.agreement_id WHERE lower(x.uploaded_by)` + list},
		{"agenda-item", "proposed", `SELECT x.id, x.meeting_id, a.slug, x.title, x.created_at FROM agenda_items x JOIN meetings m ON m.id = x.meeting_id
			JOIN agreements a ON a.id = m.agreement_id WHERE lower(x.proposed_by)` + list},
	}
	for _, qq := range queries {
		err := queryEach(ctx, tx, qq.q+` ORDER BY 1`, actors, func(rows *sql.Rows) error {
			r := AuthoredRecord{Kind: qq.kind, Role: qq.role}
			err := rows.Scan(&r.ID, &r.MeetingID, &r.Agreement, &r.Title, &r.At)
			d.Authored = append(d.Authored, r)
			return err
		})
		if err != nil {
			return fmt.Errorf("%s %s: %w", qq.kind, qq.role, err)
		}
	}
	return nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}
