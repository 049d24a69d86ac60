package export_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/steerco/steerco/internal/export"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func checkAudit(t *testing.T, st *store.Store) store.AuditCheck {
	t.Helper()
	c, err := st.CheckAudit(context.Background())
	ok(t, err)
	return c
}

func validate(a *gov.Agreement) error { return model.Validate(a) }

func TestPersonalDataExport(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		var buf bytes.Buffer
		ok(t, export.Person(context.Background(), st, strings.ToUpper(subjectEmail), &buf))
		var got struct {
			ExportedAt time.Time `json:"exported_at"`
			Account    struct {
				Email, Name string
				Password    bool `json:"has_password"`
			} `json:"account"`
			Directory []struct {
				Agreement   string
				Person      gov.Person
				Memberships []gov.Membership
			} `json:"directory"`
			Attendance []struct {
				MeetingID int64 `json:"meeting_id"`
				Role      string
			} `json:"attendance"`
			ActionItems []struct {
				ID      int64
				History []struct{ Change string }
			} `json:"action_items"`
			Authored []struct{ Kind, Role string } `json:"authored"`
			Messages []struct {
				Kind, Recipient, Calendar string
			} `json:"messages"`
			AuditEntries []store.AuditEntry `json:"audit_entries"`
		}
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("%v\n%s", err, buf.String())
		}
		if got.ExportedAt.IsZero() || got.Account.Email != subjectEmail || got.Account.Name != subjectName || got.Account.Password {
			t.Errorf("account %+v", got.Account)
		}
		if len(got.Directory) != 1 || got.Directory[0].Agreement != agreement || got.Directory[0].Person.Phone != subjectPhone ||
			len(got.Directory[0].Memberships) == 0 {
			t.Errorf("directory %+v", got.Directory)
		}
		if len(got.Attendance) != 1 || got.Attendance[0].MeetingID != w.meetings[0].ID || got.Attendance[0].Role != "secretary" {
			t.Errorf("attendance %+v", got.Attendance)
		}
		if len(got.ActionItems) != 1 || got.ActionItems[0].ID != w.action.ID || len(got.ActionItems[0].History) != 2 {
			t.Errorf("action items %+v", got.ActionItems)
		}
		kinds := map[string]bool{}
		for _, a := range got.Authored {
			kinds[a.Kind+"/"+a.Role] = true
		}
		for _, k := range []string{"meeting/created", "minutes/written", "material/uploaded"} {
			if !kinds[k] {
				t.Errorf("authored lacks %s: %v", k, kinds)
			}
		}
		invitation := false
		for _, m := range got.Messages {
			if !strings.EqualFold(m.Recipient, subjectEmail) {
				t.Errorf("a message to %s", m.Recipient)
			}
			invitation = invitation || m.Kind == "invitation" && strings.Contains(m.Calendar, "BEGIN:VCALENDAR")
		}
		if !invitation {
			t.Errorf("no invitation among %d messages", len(got.Messages))
		}
		actions := map[string]bool{}
		for _, e := range got.AuditEntries {
			actions[e.Action] = true
		}
		for _, a := range []string{"user.create", "person.update", "meeting.create", "minutes.save"} {
			if !actions[a] {
				t.Errorf("audit entries lack %s: %v", a, actions)
			}
		}
		if strings.Contains(buf.String(), "password_hash") || strings.Contains(buf.String(), "token_hash") {
			t.Error("the export has secrets")
		}
		if err := export.Person(context.Background(), st, "nobody@example.com", &buf); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown person: %v", err)
		}
	})
}

// TestErasure erases a person named everywhere, then scans every column
// of every table for her: nothing may name her, the audit chain must
// still verify, and tampering must still be found.
func TestErasure(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		before := checkAudit(t, st)
		if !before.OK || before.Legacy != 0 {
			t.Fatalf("before erasure: %+v", before)
		}
		needles := []string{subjectEmail, subjectName, subjectPhone, "Minna Karjalaisen"}
		hits := scanAll(t, st, needles...)
		if len(hits) < 10 {
			t.Fatalf("the world names her only %d times: %v", len(hits), hits)
		}
		where := map[string]int{}
		for _, h := range hits {
			where[h.table+"."+h.column]++
		}
		t.Logf("before erasure, %d values name her: %v", len(hits), where)

		// A dry run changes nothing.
		dry, err := st.ErasePerson(ctx, subjectEmail, store.EraseOptions{Actor: "cli:test", Check: validate, DryRun: true})
		ok(t, err)
		if len(dry.Redacted) == 0 || dry.EntryID != 0 || dry.Rows["people"] != 1 {
			t.Errorf("dry run: %+v", dry)
		}
		if checkAudit(t, st).Entries != before.Entries || len(scanAll(t, st, subjectEmail)) == 0 {
			t.Fatal("the dry run changed the database")
		}

		e, err := st.ErasePerson(ctx, strings.ToUpper(subjectEmail), store.EraseOptions{Actor: "cli:test", Also: []string{"Minna Karjalaisen"}, Check: validate})
		ok(t, err)
		if !strings.HasPrefix(e.Pseudonym, "Erased person ") || !e.Account || len(e.Unredactable) != 0 || e.EntryID == 0 ||
			!slices.Equal(e.Agreements, []string{agreement}) {
			t.Errorf("erasure %+v", e)
		}
		t.Logf("erasure: %d rows changed %v, %d audit entries redacted", len(e.Rows), e.Rows, len(e.Redacted))
		for _, h := range scanAll(t, st, needles...) {
			t.Errorf("%s.%s still names her: %.300q", h.table, h.column, h.value)
		}

		// The chain verifies, with the redactions vouched for.
		c := checkAudit(t, st)
		if !c.OK || c.Entries != before.Entries+1 || c.Redacted != int64(len(e.Redacted)) || len(c.Altered) != 0 {
			t.Fatalf("after erasure: %+v", c)
		}
		var entry store.AuditEntry
		hist, err := st.ObjectHistory(ctx, 0, "person", e.PseudoID)
		ok(t, err)
		if len(hist) != 1 {
			t.Fatalf("erasure entries %+v", hist)
		}
		entry = hist[0]
		if entry.Action != store.ActionErase || !strings.Contains(string(entry.After), e.Pseudonym) || strings.Contains(string(entry.After), "@alustatalo") {
			t.Errorf("erasure entry %+v", entry)
		}

		// The pseudonym is in her place; the model still validates; her
		// account is closed.
		w.reload()
		p := w.a.Person(subjectSlug)
		if p == nil || p.Name != e.Pseudonym || p.Email != "" || p.Phone != "" {
			t.Errorf("directory entry %+v", p)
		}
		ok(t, model.Validate(w.a))
		u, err := st.UserByEmail(ctx, e.PseudoEmail)
		ok(t, err)
		if !u.Disabled || u.PasswordHash != "" || u.Name != e.Pseudonym {
			t.Errorf("account %+v", u)
		}
		var attendee, owner string
		ok(t, st.QueryRowContext(ctx, `SELECT person_name FROM attendance WHERE role = 'secretary'`).Scan(&attendee))
		ok(t, st.QueryRowContext(ctx, `SELECT owner_name FROM action_items WHERE id = ?`, w.action.ID).Scan(&owner))
		if attendee != e.Pseudonym || owner != e.Pseudonym {
			t.Errorf("attendance %q, action owner %q", attendee, owner)
		}
		var body string
		ok(t, st.QueryRowContext(ctx, `SELECT body FROM minutes WHERE meeting_id = ?`, w.meetings[0].ID).Scan(&body))
		if !strings.Contains(body, "Sihteeri: "+e.Pseudonym+" ("+e.PseudoEmail+", puh. [phone erased])") {
			t.Errorf("minutes: %s", body)
		}
		// Others keep their names, and ids their values.
		if k := w.a.Person("kari-vaisanen"); k == nil || k.Name != "Kari Väisänen" || k.Email == "" {
			t.Errorf("another person changed: %+v", k)
		}
		if _, err := st.PersonalData(ctx, subjectEmail); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("her data after erasure: %v", err)
		}
		// Unsent messages to her are given up.
		var pending int
		ok(t, st.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE recipient = ? AND sent_at IS NULL AND attempts < 10`, e.PseudoEmail).Scan(&pending))
		if pending != 0 {
			t.Errorf("%d messages to the erased address would still be sent", pending)
		}

		// The triggers allow the redaction and nothing else.
		id := e.Redacted[0]
		other := firstUnredacted(t, st)
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE audit_log SET actor = 'mallory' WHERE id = ?`, []any{other}},
			{`UPDATE audit_log SET action = 'x' WHERE id = ?`, []any{id}},
			{`UPDATE audit_log SET hash = 'x' WHERE id = ?`, []any{id}},
			{`UPDATE audit_digests SET actor_digest = 'x' WHERE entry_id = ?`, []any{id}},
			{`UPDATE audit_digests SET redacted_at = NULL WHERE entry_id = ?`, []any{id}},
			{`UPDATE audit_digests SET salt = NULL, redacted_at = ? WHERE entry_id = ?`, []any{time.Now().UTC(), other}},
			{`DELETE FROM audit_digests WHERE entry_id = ?`, []any{id}},
			{`DELETE FROM audit_log WHERE id = ?`, []any{id}},
		} {
			// The last update but one is allowed by the trigger (it is
			// how erasure starts), so it runs in a transaction rolled back.
			err := st.InTx(ctx, func(tx *store.Tx) error {
				if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
					return err
				}
				return errors.New("allowed")
			})
			if err == nil || err.Error() == "allowed" && !strings.Contains(q.sql, "salt = NULL") {
				t.Errorf("%s: %v", q.sql, err)
			}
		}
		if c := checkAudit(t, st); !c.OK {
			t.Fatalf("after refused changes: %+v", c)
		}

		// Tampering is still found: an unredacted entry's text changed
		// in place, and a redaction no erasure vouches for.
		allowTampering(t, st)
		exec(t, st, `UPDATE audit_log SET after_json = '{"forged":true}' WHERE id = ?`, other)
		if c := checkAudit(t, st); c.OK || c.FirstBroken != other || !strings.Contains(c.Reason, "contents") || !slices.Contains(c.Altered, other) {
			t.Errorf("forged text: %+v", c)
		}
		exec(t, st, `UPDATE audit_digests SET salt = NULL, redacted_at = ? WHERE entry_id = ?`, time.Now().UTC(), other)
		if c := checkAudit(t, st); c.OK || c.FirstBroken != other || !strings.Contains(c.Reason, "no erasure") {
			t.Errorf("unvouched redaction: %+v", c)
		}
	})
}

func firstUnredacted(t *testing.T, st *store.Store) int64 {
	t.Helper()
	var id int64
	ok(t, st.QueryRowContext(context.Background(), `SELECT min(l.id) FROM audit_log l JOIN audit_digests d ON d.entry_id = l.id
		WHERE d.redacted_at IS NULL AND l.after_json IS NOT NULL AND l.action <> ?`, store.ActionErase).Scan(&id))
	return id
}

func exec(t *testing.T, st *store.Store, q string, args ...any) {
	t.Helper()
	if _, err := st.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// allowTampering disables the append-only triggers, as an attacker with
// the database owner's rights could.
func allowTampering(t *testing.T, st *store.Store) {
	t.Helper()
	stmts := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`,
		`DROP TRIGGER audit_digests_no_update`, `DROP TRIGGER audit_digests_no_delete`}
	if st.Dialect() == store.DialectPostgres {
		stmts = []string{`ALTER TABLE audit_log DISABLE TRIGGER USER`, `ALTER TABLE audit_digests DISABLE TRIGGER USER`}
	}
	for _, q := range stmts {
		exec(t, st, q)
	}
}

// TestLegacyEntries upgrades a database whose log was written before hash
// version 2: its entries keep verifying by the old formula (written here
// from its documentation, independently of the store's code), new ones
// are v2, and an erasure lists the old entries naming the person instead
// of breaking the chain by changing them.
func TestLegacyEntries(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st, err := store.Connect(ctx, dsn)
		ok(t, err)
		defer st.Close()
		dir := "../store/migrations/" + st.Dialect()
		dialect := goose.DialectSQLite3
		if st.Dialect() == store.DialectPostgres {
			dialect = goose.DialectPostgres
		}
		p, err := goose.NewProvider(dialect, st.DB(), os.DirFS(dir))
		ok(t, err)
		_, err = p.UpTo(ctx, 5)
		ok(t, err)
		prev := ""
		for i, after := range []string{`{"email":"` + subjectEmail + `","name":"` + subjectName + `"}`, `{"n":1}`} {
			prev = appendV1(t, st, prev, int64(i), "user:"+subjectEmail, after)
		}
		st.Close()

		st = storetest.Open(t, dsn) // migrates to the end
		c := checkAudit(t, st)
		if !c.OK || c.Legacy != 2 || c.Entries != 2 {
			t.Fatalf("upgraded: %+v", c)
		}
		newWorld(t, st)
		e, err := st.ErasePerson(ctx, subjectEmail, store.EraseOptions{Actor: "cli:test", Check: validate})
		ok(t, err)
		if len(e.Unredactable) != 2 || len(e.Redacted) == 0 {
			t.Errorf("erasure %+v", e)
		}
		if c := checkAudit(t, st); !c.OK || c.Legacy != 2 {
			t.Errorf("after erasure: %+v", c)
		}
		// The old entries still name her; nothing else does.
		for _, h := range scanAll(t, st, subjectEmail) {
			if h.table != "audit_log" {
				t.Errorf("%s.%s still names her", h.table, h.column)
			}
		}
	})
}

// appendV1 writes an entry as steerco did before hash version 2:
// hash = hex(sha256(prev_hash || JSON [time, actor, action, object type,
// object id, agreement id, before, after])).
func appendV1(t *testing.T, st *store.Store, prev string, n int64, actor, after string) string {
	t.Helper()
	at := time.Date(2026, 1, 2, 3, 4, 5, int(n)*1000, time.UTC)
	canonical, err := json.Marshal([]any{at.Format(time.RFC3339Nano), actor, "user.create", "user", fmt.Sprint(n + 1), nil, nil, after})
	ok(t, err)
	sum := sha256.Sum256(append([]byte(prev), canonical...))
	hash := hex.EncodeToString(sum[:])
	exec(t, st, `INSERT INTO audit_log (at, actor, action, object_type, object_id, agreement_id, before_json, after_json, prev_hash, hash)
		VALUES (?, ?, 'user.create', 'user', ?, NULL, NULL, ?, ?, ?)`, at, actor, fmt.Sprint(n+1), after, prev, hash)
	exec(t, st, `UPDATE audit_head SET seq = seq + 1, hash = ? WHERE id = 1`, hash)
	return hash
}

// TestEraseRemovedPerson erases someone who has left the directory and
// has no account: the audit log still knows their name and address.
func TestEraseRemovedPerson(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		by := store.Editor{Actor: "user:admin@example.fi", Check: func(_, after *gov.Agreement) error { return model.Validate(after) }}
		slug, err := st.CreatePerson(ctx, agreement, by, gov.Person{Slug: "tilapainen", Name: "Tiina Tilapäinen", Party: "alustatalo",
			Email: "tiina@alustatalo.example.com", Phone: "+358 50 123 4567"})
		ok(t, err)
		ok(t, st.DeletePerson(ctx, agreement, by, slug, "2026-01-01"))
		w.reload()
		if w.a.Person(slug) != nil {
			t.Fatal("not removed")
		}
		e, err := st.ErasePerson(ctx, "tiina@alustatalo.example.com", store.EraseOptions{Actor: "cli:test", Check: validate})
		ok(t, err)
		if e.Account || len(e.Redacted) != 2 {
			t.Errorf("erasure %+v", e)
		}
		for _, h := range scanAll(t, st, "tiina@alustatalo", "Tiina Tilapäinen", "123 4567") {
			t.Errorf("%s.%s still names her: %.200q", h.table, h.column, h.value)
		}
		if c := checkAudit(t, st); !c.OK {
			t.Errorf("audit: %+v", c)
		}
	})
}
