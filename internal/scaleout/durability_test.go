package scaleout_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// The durability test re-executes its own binary as a child that works
// as fast as it can (model imports and meeting steps up to minutes
// approvals) and kills it with SIGKILL at a random moment, several times;
// after each kill the database must check out.
const (
	childEnv   = "STEERCO_DURABILITY_DB"      // the child's database
	journalEnv = "STEERCO_DURABILITY_JOURNAL" // the child's journal
	durSlug    = "national-platform"
	durForum   = "tuotantoryhma-alustatalo" // approved at the next meeting, by the provider's chair
	supplierP  = "minna-karjalainen"        // convenes and minutes
	providerP  = "kari-vaisanen"            // chairs and approves
	purposeFmt = "durability revision %d"
)

// variant is model revision k: the template with its description, one
// forum's purpose and one extra person all naming k, so that a model
// stored half-way would name two revisions.
func variant(k int) (*gov.Agreement, error) {
	src, err := model.Template(durSlug)
	if err != nil {
		return nil, err
	}
	a, err := model.Parse(durSlug+".yaml", src)
	if err != nil {
		return nil, err
	}
	a.Description = fmt.Sprintf(purposeFmt, k)
	a.Forum(durForum).Purpose = fmt.Sprintf(purposeFmt, k)
	a.People = append(a.People, gov.Person{Slug: fmt.Sprintf("durability-%d", k), Name: fmt.Sprintf("Durability %d", k), Party: a.Parties[0].Slug})
	return a, nil
}

// revision reads k back from a stored model, -1 when it does not name one.
func revision(s string) int {
	var k int
	if _, err := fmt.Sscanf(s, purposeFmt, &k); err != nil {
		return -1
	}
	return k
}

// durabilityChild is the child's main: it journals each change before
// ("apply K") and after it committed ("applied K", "approved M"), until
// it is killed.
func durabilityChild() int {
	ctx := context.Background()
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, "durability child:", err)
		return 1
	}
	st, err := store.Open(ctx, os.Getenv(childEnv))
	if err != nil {
		return fail(err)
	}
	j, err := os.OpenFile(os.Getenv(journalEnv), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fail(err)
	}
	// Unbuffered writes: the journal lives in the page cache, which a
	// killed process cannot take with it.
	note := func(format string, args ...any) { fmt.Fprintf(j, format+"\n", args...) }
	k := 0
	if a, err := st.Agreement(ctx, durSlug); err == nil {
		k = revision(a.Description)
	} else if !errors.Is(err, store.ErrNotFound) {
		return fail(err)
	}
	cat, err := i18n.Load()
	if err != nil {
		return fail(err)
	}
	svc := meeting.New(st, cat)
	var now time.Time
	svc.Now = func() time.Time { return now }
	loc, _ := time.LoadLocation("Europe/Helsinki")
	for k++; ; k++ {
		a, err := variant(k)
		if err != nil {
			return fail(err)
		}
		note("apply %d", k)
		if _, err := st.ApplyAgreement(ctx, a, "durability"); err != nil {
			return fail(err)
		}
		note("applied %d", k)
		if k == 1 || k%20 == 0 {
			now = time.Date(2026, 12, 28, 10, 0, 0, 0, loc)
			if _, err := svc.CreateFromPlan(ctx, a, actor(a, supplierP), 2027, durForum); err != nil {
				return fail(err)
			}
		}
		if err := step(ctx, st, svc, a, &now, note); err != nil {
			return fail(err)
		}
	}
}

func actor(a *gov.Agreement, slug string) meeting.Actor {
	p := a.Person(slug)
	return meeting.ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: auth.AccountRepresentative}, a)
}

// step moves the forum's first unfinished meeting one step on its way to
// approved minutes; a quarter of submitted minutes are returned first.
func step(ctx context.Context, st *store.Store, svc *meeting.Service, a *gov.Agreement, now *time.Time, note func(string, ...any)) error {
	var ms []gov.Meeting
	err := st.ReadMeetings(ctx, func(tx *store.Tx) error {
		var err error
		ms, err = tx.Meetings(ctx, durSlug, store.MeetingFilter{Forum: durForum})
		return err
	})
	if err != nil {
		return err
	}
	sup, pro := actor(a, supplierP), actor(a, providerP)
	for i, m := range ms {
		switch m.State {
		case gov.MinutesApproved, gov.Cancelled:
			continue
		case gov.Planned:
			*now = m.Start.Add(-20 * time.Hour)
			return svc.PublishAgenda(ctx, a, sup, m.ID)
		case gov.AgendaPublished:
			*now = m.Start.Add(45 * time.Minute)
			return svc.MarkHeld(ctx, a, sup, m.ID)
		case gov.Held:
			*now = m.Start.Add(2 * time.Hour)
			err := svc.RecordAttendance(ctx, a, sup, m.ID, []meeting.AttendeeInput{
				{Person: providerP, Role: "chair", Present: true}, {Person: supplierP, Role: "secretary", Present: true}})
			if err != nil {
				return err
			}
			_, err = svc.SaveMinutes(ctx, a, sup, m.ID, fmt.Sprintf("# Muistio %d\n\nKäsiteltiin asiat.", m.ID))
			return err
		case gov.MinutesDrafted:
			*now = m.Start.Add(3 * time.Hour)
			if _, err := svc.SaveMinutes(ctx, a, sup, m.ID, fmt.Sprintf("# Muistio %d\n\nKorjattu.", m.ID)); err != nil {
				return err
			}
			return svc.SubmitMinutes(ctx, a, sup, m.ID)
		case gov.MinutesSent:
			if i+1 == len(ms) {
				return nil
			}
			next := ms[i+1]
			switch next.State {
			case gov.Planned:
				*now = next.Start.Add(-20 * time.Hour)
				return svc.PublishAgenda(ctx, a, sup, next.ID)
			case gov.AgendaPublished:
				*now = next.Start.Add(45 * time.Minute)
				return svc.MarkHeld(ctx, a, sup, next.ID)
			}
			*now = next.Start.Add(time.Hour)
			if rand.IntN(4) == 0 {
				return svc.ReturnMinutes(ctx, a, pro, m.ID, "Täydennä kohta 1.")
			}
			note("approve %d", m.ID)
			if err := svc.ApproveMinutes(ctx, a, pro, m.ID); err != nil {
				return err
			}
			note("approved %d", m.ID)
			return nil
		}
		return nil
	}
	return nil
}

// journal is what the child wrote: the last revision it began and the
// last it committed, and the meetings it saw approved.
type journal struct {
	began, applied int
	approved       []int64
}

func readJournal(t *testing.T, file string) journal {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var j journal
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		word, num, _ := strings.Cut(sc.Text(), " ")
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			continue // the last line may be cut short by the kill
		}
		switch word {
		case "apply":
			j.began = int(n)
		case "applied":
			j.applied = int(n)
		case "approved":
			j.approved = append(j.approved, n)
		}
	}
	return j
}

// TestKillDuringWrites kills the writing child at random moments and
// checks after each kill that the database is whole.
func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes; not in -short")
	}
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		file := filepath.Join(t.TempDir(), "journal")
		rounds := 6
		for round := 1; round <= rounds; round++ {
			before := readJournalIfAny(t, file)
			killChild(t, dsn, file, before.applied)
			j := readJournal(t, file)
			if j.applied <= before.applied {
				t.Fatalf("round %d: the child committed nothing", round)
			}
			checkWhole(t, dsn, j)
			t.Logf("round %d: killed after revision %d (began %d), %d approvals", round, j.applied, j.began, len(j.approved))
		}
	})
}

func readJournalIfAny(t *testing.T, file string) journal {
	t.Helper()
	if _, err := os.Stat(file); err != nil {
		return journal{}
	}
	return readJournal(t, file)
}

// killChild runs the child until it has committed a few revisions past
// from, lets it go on for a random while, and kills it.
func killChild(t *testing.T, dsn, file string, from int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dsn, journalEnv+"="+file)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for readJournalIfAny(t, file).applied < from+3 {
		select {
		case err := <-done:
			t.Fatalf("the child exited by itself: %v\n%s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			<-done
			t.Fatalf("the child committed too little in 30 s\n%s", stderr.String())
		}
	}
	time.Sleep(time.Duration(rand.IntN(400)) * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := <-done
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child ended with %v before the kill\n%s", err, stderr.String())
	}
}

// checkWhole reopens the database after a kill: the audit chain holds,
// the model is one the child wrote whole and validates, and every meeting
// is in a state its minutes agree with, with its audit entries and
// notifications; nothing committed is lost.
func checkWhole(t *testing.T, dsn string, j journal) {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, dsn)
	defer st.Close()
	if c, err := st.CheckAudit(ctx); err != nil || !c.OK {
		t.Fatalf("audit after the kill: %+v %v", c, err)
	}
	a, err := st.Agreement(ctx, durSlug)
	if err != nil {
		t.Fatal(err)
	}
	if err := model.Validate(a); err != nil {
		t.Fatalf("the stored model does not validate: %v", err)
	}
	k := revision(a.Description)
	var extra []string
	for _, p := range a.People {
		if strings.HasPrefix(p.Slug, "durability-") {
			extra = append(extra, p.Slug)
		}
	}
	switch {
	case k != j.applied && !(k == j.began && j.began == j.applied+1):
		t.Errorf("stored revision %d; the child committed %d and began %d", k, j.applied, j.began)
	case revision(a.Forum(durForum).Purpose) != k || len(extra) != 1 || extra[0] != fmt.Sprintf("durability-%d", k):
		t.Errorf("revision %d half-written: forum purpose %q, people %v", k, a.Forum(durForum).Purpose, extra)
	}

	approved := map[int64]bool{}
	err = st.ReadMeetings(ctx, func(tx *store.Tx) error {
		ms, err := tx.Meetings(ctx, durSlug, store.MeetingFilter{Forum: durForum})
		if err != nil {
			return err
		}
		for _, m := range ms {
			vs, err := tx.MinutesVersions(ctx, m.ID)
			if err != nil {
				return err
			}
			if msg := minutesAgree(m, vs); msg != "" {
				t.Errorf("meeting %d (%s): %s", m.ID, m.State, msg)
			}
			if m.State == gov.MinutesApproved {
				approved[m.ID] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range j.approved {
		if !approved[id] {
			t.Errorf("meeting %d was approved (the child saw the commit) but is not now", id)
		}
	}
	// Each approval committed with its audit entry and its notification.
	for id := range approved {
		var entries, mails int
		if err := st.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'minutes.approve' AND object_id = ?`, fmt.Sprint(id)).Scan(&entries); err != nil {
			t.Fatal(err)
		}
		if err := st.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE kind = 'minutes-approved' AND meeting_id = ?`, id).Scan(&mails); err != nil {
			t.Fatal(err)
		}
		if entries != 1 || mails == 0 {
			t.Errorf("approved meeting %d: %d audit entries, %d notifications", id, entries, mails)
		}
	}
}

// minutesAgree says what is wrong with a meeting's minutes versions for
// its state, or "": versions are numbered 1..n, all but the newest were
// returned, and the newest is what the state says.
func minutesAgree(m gov.Meeting, vs []gov.Minutes) string {
	for i, v := range vs {
		if v.Version != i+1 {
			return fmt.Sprintf("versions numbered %d at %d", v.Version, i+1)
		}
		if i < len(vs)-1 && v.Status != gov.MinutesReturned {
			return fmt.Sprintf("version %d is %s, but a later one exists", v.Version, v.Status)
		}
	}
	var last gov.MinutesStatus
	if len(vs) > 0 {
		last = vs[len(vs)-1].Status
	}
	switch m.State {
	case gov.Planned, gov.AgendaPublished, gov.Held:
		if len(vs) != 0 {
			return fmt.Sprintf("%d versions of minutes", len(vs))
		}
	case gov.MinutesDrafted:
		if last != gov.MinutesDraft && last != gov.MinutesReturned {
			return fmt.Sprintf("newest minutes %q", last)
		}
	case gov.MinutesSent:
		if last != gov.MinutesSubmitted {
			return fmt.Sprintf("newest minutes %q", last)
		}
	case gov.MinutesApproved:
		if len(vs) == 0 {
			return "approved without minutes"
		}
		v := vs[len(vs)-1]
		if last != gov.MinutesFinal || v.ApprovedBy == "" || v.ApprovedAt == nil {
			return fmt.Sprintf("newest minutes %q by %q", last, v.ApprovedBy)
		}
	}
	return ""
}
