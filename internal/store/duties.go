package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Duties are the ledger of deadlines (issue 16), written by internal/duty
// inside the transaction of the feature's state change that causes them;
// these functions only read and write rows in the caller's transaction.
// Who may see or act on a duty is decided by internal/duty.

// Duty states as stored; "late" is computed from Due and today.
const (
	DutyOpen   = "open"
	DutyDone   = "done"
	DutyWaived = "waived"
)

// Evidence states of a duty.
const (
	EvidenceSubmitted = "submitted"
	EvidenceAccepted  = "accepted"
	EvidenceReturned  = "returned"
)

// Duty is one row of the ledger.
type Duty struct {
	ID          int64
	AgreementID int64
	Agreement   string
	Kind        string
	Source      string
	Occurrence  string
	Title       string
	Link        string
	// OwedBy and OwedTo are party slugs or party kinds.
	OwedBy, OwedByPerson, OwedTo string
	Forum                        string
	// Starts and Due are local dates, "YYYY-MM-DD"; Starts may be "".
	Starts, Due string
	State       string
	Evidence    string
	ClosedBy    string
	ClosedAt    *time.Time
	Note        string
	MatterID    int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (d *Duty) check() error {
	switch {
	case d.AgreementID <= 0:
		return errors.New("duty: no agreement")
	case d.Kind == "" || d.Source == "":
		return errors.New("duty: kind and source are required")
	case d.OwedBy == "":
		return fmt.Errorf("duty %s %s: nobody owes it", d.Kind, d.Source)
	case len(d.Due) != 10:
		return fmt.Errorf("duty %s %s: due %q is not a date", d.Kind, d.Source, d.Due)
	}
	return nil
}

// PutDuty opens a duty. A new key is inserted; an existing one is left
// alone unless reopen is set, in which case it is opened again with the
// given dates and parties (a returned response, minutes sent back). It
// returns the duty's id and whether it changed anything.
func (t *Tx) PutDuty(ctx context.Context, d *Duty, reopen bool) (int64, bool, error) {
	if err := d.check(); err != nil {
		return 0, false, err
	}
	now := time.Now().UTC()
	var id int64
	err := t.QueryRowContext(ctx, `INSERT INTO duties (agreement_id, kind, source, occurrence, title, link, owed_by, owed_by_person, owed_to,
			forum, starts, due, state, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
		ON CONFLICT (agreement_id, kind, source, occurrence) DO NOTHING RETURNING id`,
		d.AgreementID, d.Kind, d.Source, d.Occurrence, d.Title, d.Link, d.OwedBy, d.OwedByPerson, d.OwedTo,
		d.Forum, d.Starts, d.Due, now, now).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	if err := t.QueryRowContext(ctx, `SELECT id FROM duties WHERE agreement_id = ? AND kind = ? AND source = ? AND occurrence = ?`,
		d.AgreementID, d.Kind, d.Source, d.Occurrence).Scan(&id); err != nil {
		return 0, false, err
	}
	if !reopen {
		return id, false, nil
	}
	res, err := t.ExecContext(ctx, `UPDATE duties SET state = 'open', title = ?, link = ?, owed_by = ?, owed_by_person = ?, owed_to = ?,
		forum = ?, starts = ?, due = ?, closed_by = '', closed_at = NULL, note = '', updated_at = ? WHERE id = ?`,
		d.Title, d.Link, d.OwedBy, d.OwedByPerson, d.OwedTo, d.Forum, d.Starts, d.Due, now, id)
	if err != nil {
		return 0, false, err
	}
	n, _ := res.RowsAffected()
	return id, n == 1, nil
}

// CloseDuties closes the open duties of an object: kind "" closes every
// kind, occurrence "*" every occurrence. state is DutyDone or DutyWaived.
// It returns how many it closed.
func (t *Tx) CloseDuties(ctx context.Context, agreementID int64, kind, source, occurrence, state, by, note string) (int, error) {
	if state != DutyDone && state != DutyWaived {
		return 0, fmt.Errorf("duty: cannot close as %q", state)
	}
	q := `UPDATE duties SET state = ?, closed_by = ?, closed_at = ?, note = ?, updated_at = ? WHERE agreement_id = ? AND source = ? AND state = 'open'`
	now := time.Now().UTC()
	args := []any{state, by, now, note, now, agreementID, source}
	if kind != "" {
		q += ` AND kind = ?`
		args = append(args, kind)
	}
	if occurrence != "*" {
		q += ` AND occurrence = ?`
		args = append(args, occurrence)
	}
	res, err := t.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// CloseDuty closes one open duty by id; it reports whether it did.
func (t *Tx) CloseDuty(ctx context.Context, id int64, state, by, note string) (bool, error) {
	now := time.Now().UTC()
	res, err := t.ExecContext(ctx, `UPDATE duties SET state = ?, closed_by = ?, closed_at = ?, note = ?, updated_at = ? WHERE id = ? AND state = 'open'`,
		state, by, now, note, now, id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// SetDutyEvidence records where a duty's evidence stands.
func (t *Tx) SetDutyEvidence(ctx context.Context, id int64, evidence string) error {
	_, err := t.ExecContext(ctx, `UPDATE duties SET evidence = ?, updated_at = ? WHERE id = ?`, evidence, time.Now().UTC(), id)
	return err
}

// SetDutyMatter records the matter an overdue duty became.
func (t *Tx) SetDutyMatter(ctx context.Context, id, matterID int64) error {
	_, err := t.ExecContext(ctx, `UPDATE duties SET matter_id = ?, updated_at = ? WHERE id = ?`, matterID, time.Now().UTC(), id)
	return err
}

const dutyColumns = `d.id, d.agreement_id, a.slug, d.kind, d.source, d.occurrence, d.title, d.link, d.owed_by, d.owed_by_person, d.owed_to,
	d.forum, d.starts, d.due, d.state, d.evidence, d.closed_by, d.closed_at, d.note, COALESCE(d.matter_id, 0), d.created_at, d.updated_at`

const dutyFrom = ` FROM duties d JOIN agreements a ON a.id = d.agreement_id `

func scanDuty(row interface{ Scan(...any) error }) (*Duty, error) {
	var d Duty
	var closed sql.NullTime
	err := row.Scan(&d.ID, &d.AgreementID, &d.Agreement, &d.Kind, &d.Source, &d.Occurrence, &d.Title, &d.Link, &d.OwedBy, &d.OwedByPerson,
		&d.OwedTo, &d.Forum, &d.Starts, &d.Due, &d.State, &d.Evidence, &d.ClosedBy, &closed, &d.Note, &d.MatterID, &d.CreatedAt, &d.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("duty: %w", ErrNotFound)
	}
	if closed.Valid {
		c := closed.Time
		d.ClosedAt = &c
	}
	return &d, err
}

// Duty reads one duty of an agreement (by slug); lock takes it for update.
func (t *Tx) Duty(ctx context.Context, agreement string, id int64, lock bool) (*Duty, error) {
	q := `SELECT ` + dutyColumns + dutyFrom + `WHERE a.slug = ? AND d.id = ?`
	if lock {
		q += t.forUpdate()
	}
	return scanDuty(t.QueryRowContext(ctx, q, agreement, id))
}

// DutyByKey reads a duty by its key, or ErrNotFound.
func (t *Tx) DutyByKey(ctx context.Context, agreementID int64, kind, source, occurrence string) (*Duty, error) {
	return scanDuty(t.QueryRowContext(ctx, `SELECT `+dutyColumns+dutyFrom+`WHERE d.agreement_id = ? AND d.kind = ? AND d.source = ? AND d.occurrence = ?`,
		agreementID, kind, source, occurrence))
}

// DutyFilter narrows a list of duties; zero fields match all.
type DutyFilter struct {
	// Agreements by slug; empty = every agreement.
	Agreements []string
	States     []string
	Kinds      []string
	// Source matches a source exactly or as its prefix before ":"
	// ("obligation" matches "obligation:sla-uppfoljning").
	Source string
	// DueFrom and DueTo bound the due date, inclusive ("YYYY-MM-DD").
	DueFrom, DueTo string
	// StartedBy keeps duties that have started by this date (or have no
	// start): the inbox leaves out the periods still to come.
	StartedBy string
	// Limit caps the rows; 0 = no cap.
	Limit int
}

// dutiesQuery is the SELECT of a filtered list of duties.
func dutiesQuery(f DutyFilter) (string, []any) {
	q := `SELECT ` + dutyColumns + dutyFrom + `WHERE 1 = 1`
	var args []any
	in := func(col string, vs []string) {
		if len(vs) == 0 {
			return
		}
		q += ` AND ` + col + ` IN (?` + strings.Repeat(`, ?`, len(vs)-1) + `)`
		for _, v := range vs {
			args = append(args, v)
		}
	}
	in("a.slug", f.Agreements)
	in("d.state", f.States)
	in("d.kind", f.Kinds)
	if f.Source != "" {
		q += ` AND (d.source = ? OR d.source LIKE ?)`
		args = append(args, f.Source, likePrefix(f.Source)+":%")
	}
	if f.DueFrom != "" {
		q += ` AND d.due >= ?`
		args = append(args, f.DueFrom)
	}
	if f.DueTo != "" {
		q += ` AND d.due <= ?`
		args = append(args, f.DueTo)
	}
	if f.StartedBy != "" {
		q += ` AND d.starts <= ?`
		args = append(args, f.StartedBy)
	}
	q += ` ORDER BY d.due, d.id`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	return q, args
}

func scanDuties(rows *sql.Rows) ([]Duty, error) {
	defer rows.Close()
	var out []Duty
	for rows.Next() {
		d, err := scanDuty(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// Duties lists duties by due date then id, in one statement.
func (t *Tx) Duties(ctx context.Context, f DutyFilter) ([]Duty, error) {
	q, args := dutiesQuery(f)
	rows, err := t.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanDuties(rows)
}

// ListDuties is Duties outside a transaction: one statement, for the
// pages that read the ledger and nothing else with it (the inbox).
func (s *Store) ListDuties(ctx context.Context, f DutyFilter) ([]Duty, error) {
	q, args := dutiesQuery(f)
	rows, err := s.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanDuties(rows)
}

// likePrefix escapes LIKE's wildcards in a prefix; sources hold none,
// but a filter typed by a user may.
func likePrefix(s string) string {
	r := strings.NewReplacer("%", "", "_", "")
	return r.Replace(s)
}

// DutyEvidence is one submission of evidence for a duty.
type DutyEvidence struct {
	ID          int64
	DutyID      int64
	Version     int
	Body        string
	SubmittedBy string
	SubmittedAt time.Time
	Outcome     string
	Comment     string
	DecidedBy   string
	DecidedAt   *time.Time
	Files       []DutyFile
}

// DutyFile is a file of evidence (Data only when read for download).
type DutyFile struct {
	ID          int64
	EvidenceID  int64
	Name        string
	ContentType string
	Size        int64
	Data        []byte
}

// AddDutyEvidence stores a new version of a duty's evidence with its
// files.
func (t *Tx) AddDutyEvidence(ctx context.Context, e *DutyEvidence) error {
	if err := t.lockSequence(ctx, "duty_evidence.version", e.DutyID); err != nil {
		return err
	}
	if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM duty_evidence WHERE duty_id = ?`, e.DutyID).Scan(&e.Version); err != nil {
		return err
	}
	if err := t.QueryRowContext(ctx, `INSERT INTO duty_evidence (duty_id, version, body, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		e.DutyID, e.Version, e.Body, e.SubmittedBy, e.SubmittedAt.UTC()).Scan(&e.ID); err != nil {
		return err
	}
	for i := range e.Files {
		f := &e.Files[i]
		f.EvidenceID, f.Size = e.ID, int64(len(f.Data))
		if err := t.QueryRowContext(ctx, `INSERT INTO duty_files (evidence_id, name, content_type, size, data) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			e.ID, f.Name, f.ContentType, f.Size, f.Data).Scan(&f.ID); err != nil {
			return err
		}
	}
	return nil
}

// DecideDutyEvidence records the receiving party's answer to the latest
// evidence; it changes only one still waiting and reports whether it did.
func (t *Tx) DecideDutyEvidence(ctx context.Context, id int64, outcome, comment, by string, at time.Time) (bool, error) {
	res, err := t.ExecContext(ctx, `UPDATE duty_evidence SET outcome = ?, comment = ?, decided_by = ?, decided_at = ? WHERE id = ? AND outcome = ''`,
		outcome, comment, by, at.UTC(), id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// DutyEvidenceList reads a duty's evidence, oldest first, with its files'
// names (not their data).
func (t *Tx) DutyEvidenceList(ctx context.Context, dutyID int64) ([]DutyEvidence, error) {
	var out []DutyEvidence
	err := queryEach(ctx, t, `SELECT id, duty_id, version, body, submitted_by, submitted_at, outcome, comment, decided_by, decided_at
		FROM duty_evidence WHERE duty_id = ? ORDER BY version`, []any{dutyID}, func(rows *sql.Rows) error {
		var e DutyEvidence
		var decided sql.NullTime
		if err := rows.Scan(&e.ID, &e.DutyID, &e.Version, &e.Body, &e.SubmittedBy, &e.SubmittedAt, &e.Outcome, &e.Comment, &e.DecidedBy, &decided); err != nil {
			return err
		}
		if decided.Valid {
			d := decided.Time
			e.DecidedAt = &d
		}
		out = append(out, e)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	idx := map[int64]int{}
	for i, e := range out {
		idx[e.ID] = i
	}
	err = queryEach(ctx, t, `SELECT f.id, f.evidence_id, f.name, f.content_type, f.size FROM duty_files f
		JOIN duty_evidence e ON e.id = f.evidence_id WHERE e.duty_id = ? ORDER BY f.id`, []any{dutyID}, func(rows *sql.Rows) error {
		var f DutyFile
		if err := rows.Scan(&f.ID, &f.EvidenceID, &f.Name, &f.ContentType, &f.Size); err != nil {
			return err
		}
		if i, ok := idx[f.EvidenceID]; ok {
			out[i].Files = append(out[i].Files, f)
		}
		return nil
	})
	return out, err
}

// DutyFileData reads one evidence file of a duty with its data.
func (t *Tx) DutyFileData(ctx context.Context, dutyID, fileID int64) (*DutyFile, error) {
	var f DutyFile
	err := t.QueryRowContext(ctx, `SELECT f.id, f.evidence_id, f.name, f.content_type, f.size, f.data FROM duty_files f
		JOIN duty_evidence e ON e.id = f.evidence_id WHERE e.duty_id = ? AND f.id = ?`, dutyID, fileID).
		Scan(&f.ID, &f.EvidenceID, &f.Name, &f.ContentType, &f.Size, &f.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("duty file: %w", ErrNotFound)
	}
	return &f, err
}

// DigestOptedOut reports whether an address turned the weekly digest off.
func (t *Tx) DigestOptedOut(ctx context.Context, email string) (bool, error) {
	var n int
	err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM duty_digest_optout WHERE email = ?`, strings.ToLower(email)).Scan(&n)
	return n > 0, err
}

// SetDigestOptOut turns the weekly digest of an address off (out) or on.
func (t *Tx) SetDigestOptOut(ctx context.Context, email string, out bool) error {
	email = strings.ToLower(email)
	if !out {
		_, err := t.ExecContext(ctx, `DELETE FROM duty_digest_optout WHERE email = ?`, email)
		return err
	}
	_, err := t.ExecContext(ctx, `INSERT INTO duty_digest_optout (email, created_at) VALUES (?, ?) ON CONFLICT (email) DO NOTHING`, email, time.Now().UTC())
	return err
}
