package records

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

const (
	secretTitle = "Toimittajan X hinnoittelu"
	publicTitle = "Toimittajasopimuksen hinnat"
)

// seed stores the national-platform agreement and a meeting of its
// publishing forum, with its minutes approved or not.
func seed(t *testing.T, st *store.Store, approved bool) (*gov.Agreement, int64, int64) {
	t.Helper()
	ctx := context.Background()
	a, err := st.SharedAgreement(ctx, "national-platform")
	if errors.Is(err, store.ErrNotFound) {
		src, _ := model.Template("national-platform")
		if a, err = model.Parse("n.yaml", src); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
	} else if err != nil {
		t.Fatal(err)
	}
	var mid, item int64
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	err = st.InTx(ctx, func(tx *store.Tx) error {
		m := &gov.Meeting{Agreement: a.Slug, Forum: "opetuksen-ohjausryhma", Kind: gov.KindRegular, State: gov.MinutesApproved, Title: "Ohjausryhmä",
			Start: now, End: now.Add(time.Hour), LocalDate: "2026-03-10", MaterialsDue: "2026-03-05", ICalUID: "u" + strconv.FormatBool(approved),
			CreatedBy: "test", CreatedAt: now, UpdatedAt: now}
		if err := tx.InsertMeeting(ctx, m); err != nil {
			return err
		}
		for i, title := range []string{"Edellinen pöytäkirja", secretTitle} {
			it := &gov.AgendaItem{MeetingID: m.ID, Position: i + 1, Type: "decision", Title: title, Status: gov.ItemAccepted, Source: "manual"}
			if err := tx.InsertItem(ctx, it); err != nil {
				return err
			}
			item = it.ID
		}
		body := "Kaisa Leinonen avasi kokouksen. Sanna Rautio esitteli.\n\n## 1. Edellinen pöytäkirja\n\nHyväksyttiin.\n\n## 2. " + secretTitle + "\n\nHinta 123 €/h.\n\n## 3. Muut asiat\n\nEi muita."
		mins := &gov.Minutes{MeetingID: m.ID, Body: body, Status: gov.MinutesSubmitted, WrittenBy: "test", WrittenAt: now}
		if err := tx.InsertMinutes(ctx, mins); err != nil {
			return err
		}
		if approved {
			mins.Status, mins.ApprovedBy, mins.ApprovedAt = gov.MinutesFinal, "user:chair", &now
			if err := tx.UpdateMinutes(ctx, mins); err != nil {
				return err
			}
		}
		mid = m.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return a, mid, item
}

var admin = meeting.Actor{P: auth.Principal{Email: "admin@example.org", Admin: true}, Role: auth.Admin}

func TestPublish(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, mid, item := seed(t, st, true)
		_, draft, _ := seed(t, st, false)
		svc := New(st)
		clock := time.Date(2026, 3, 12, 12, 0, 0, 0, time.UTC)
		svc.Now = func() time.Time { return clock }
		supplier := meeting.Actor{P: auth.Principal{Email: "s@example.org", Party: "alustatalo"}, Role: auth.Supplier}

		// Only the customer's side manages records.
		for _, err := range []error{svc.Publish(ctx, a, supplier, mid),
			svc.MarkSecret(ctx, a, supplier, mid, SecrecyInput{Kind: "item", Ref: strconv.FormatInt(item, 10), PublicTitle: "x", Basis: "y", Years: 5})} {
			if code(err) != gov.CodeForbidden {
				t.Errorf("supplier: %v, want forbidden", err)
			}
		}
		// Unchecked minutes are refused; so is a forum that does not publish.
		if err := svc.Publish(ctx, a, admin, draft); code(err) != gov.CodeConflict || !strings.Contains(err.Error(), "not checked") {
			t.Errorf("unchecked minutes: %v", err)
		}
		if _, err := svc.Minutes(ctx, a, "opetuksen-ohjausryhma", draft); code(err) != gov.CodeNotFound {
			t.Errorf("unpublished minutes readable: %v", err)
		}
		// A bad marking names its fields; a good one is kept.
		err := svc.MarkSecret(ctx, a, admin, mid, SecrecyInput{Kind: "item", Ref: strconv.FormatInt(item, 10)})
		var ge *gov.Error
		if !errors.As(err, &ge) || len(ge.Fields) != 3 {
			t.Errorf("empty marking: %v", err)
		}
		if err := svc.MarkSecret(ctx, a, admin, mid, SecrecyInput{Kind: "item", Ref: "999999", PublicTitle: "x", Basis: "y", Years: 5}); code(err) != gov.CodeNotFound {
			t.Errorf("another meeting's item: %v", err)
		}
		if err := svc.MarkSecret(ctx, a, admin, mid, SecrecyInput{Kind: "item", Ref: strconv.FormatInt(item, 10), PublicTitle: publicTitle,
			Basis: "JulkL 24 § 1 mom. 20 k.", Years: 25}); err != nil {
			t.Fatal(err)
		}
		err = st.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertDecision(ctx, &store.Decision{Agreement: a.Slug, Forum: "opetuksen-ohjausryhma", MeetingID: mid, ItemID: item,
				MeetingDate: "2026-03-10", Title: secretTitle, Kind: "consensus", Status: "decided", Outcome: "passed", Text: "Hinta 123 €/h hyväksyttiin",
				OpenedBy: "t", OpenedAt: clock})
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Publish(ctx, a, admin, mid); err != nil {
			t.Fatal(err)
		}
		if err := svc.Publish(ctx, a, admin, mid); code(err) != gov.CodeConflict {
			t.Errorf("published twice: %v", err)
		}
		if _, err := svc.Minutes(ctx, a, "kehitysryhma", mid); code(err) != gov.CodeNotFound {
			t.Errorf("another forum's URL: %v", err)
		}
		pm, err := svc.Minutes(ctx, a, "opetuksen-ohjausryhma", mid)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(pm.Body, secretTitle) || strings.Contains(pm.Body, "123 €") || !strings.Contains(pm.Body, publicTitle) || !strings.Contains(pm.Body, "Ei muita") {
			t.Errorf("secret item not withheld:\n%s", pm.Body)
		}
		if len(pm.Items) != 2 || pm.Items[1].Title != publicTitle || !pm.Items[1].Secret {
			t.Errorf("items %+v", pm.Items)
		}
		if pm.NamesRemoved || !strings.Contains(pm.Body, "Sanna Rautio") {
			t.Errorf("names removed before the appeal period ended:\n%s", pm.Body)
		}
		// After the appeal period (14 days in Finland) names other than
		// the forum's officials' go; the chair's stays.
		clock = clock.AddDate(0, 0, 15)
		pm, err = svc.Minutes(ctx, a, "opetuksen-ohjausryhma", mid)
		if err != nil {
			t.Fatal(err)
		}
		if !pm.NamesRemoved || strings.Contains(pm.Body, "Sanna Rautio") || !strings.Contains(pm.Body, "[nimi poistettu]") || !strings.Contains(pm.Body, "Kaisa Leinonen") {
			t.Errorf("names after the period:\n%s", pm.Body)
		}
		f, err := svc.Forum(ctx, a, "opetuksen-ohjausryhma")
		if err != nil || len(f.Entries) != 1 || f.Entries[0].MeetingID != mid || f.Index {
			t.Errorf("forum page: %+v %v", f, err)
		}
		if len(f.Decisions) != 1 || f.Decisions[0].Title != publicTitle || f.Decisions[0].Text != "" || !f.Decisions[0].Secret {
			t.Errorf("decision register: %+v", f.Decisions)
		}
		if _, err := svc.Forum(ctx, a, "kehitysryhma"); code(err) != gov.CodeNotFound {
			t.Errorf("a forum that does not publish: %v", err)
		}
		if err := svc.Unpublish(ctx, a, admin, mid); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Minutes(ctx, a, "opetuksen-ohjausryhma", mid); code(err) != gov.CodeNotFound {
			t.Errorf("withdrawn minutes readable: %v", err)
		}
	})
}

func code(err error) gov.ErrorCode {
	var e *gov.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// TestPublishNeedsSeal: in a forum whose model has checked and signed
// minutes, approved minutes are not yet checked; once sealed they are.
func TestPublishNeedsSeal(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	ctx := context.Background()
	stored, _, _ := seed(t, st, true)
	a := *stored
	rules := *a.Records
	rules.Publication = &gov.PublicationRule{Forums: []string{"ohjausryhma-alustatalo"}}
	a.Records = &rules
	if a.Forum("ohjausryhma-alustatalo").Minutes.Checking == nil {
		t.Fatal("the template's ohjausryhma-alustatalo has no checking rule any more")
	}
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	var mid int64
	err := st.InTx(ctx, func(tx *store.Tx) error {
		m := &gov.Meeting{Agreement: a.Slug, Forum: "ohjausryhma-alustatalo", Kind: gov.KindRegular, State: gov.MinutesApproved, Title: "OR",
			Start: now, End: now.Add(time.Hour), LocalDate: "2026-04-01", MaterialsDue: "2026-03-30", ICalUID: "seal", CreatedBy: "t", CreatedAt: now, UpdatedAt: now}
		if err := tx.InsertMeeting(ctx, m); err != nil {
			return err
		}
		mins := &gov.Minutes{MeetingID: m.ID, Body: "x", Status: gov.MinutesFinal, WrittenBy: "t", WrittenAt: now, ApprovedBy: "c", ApprovedAt: &now}
		mid = m.ID
		return tx.InsertMinutes(ctx, mins)
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := New(st)
	if err := svc.Publish(ctx, &a, admin, mid); code(err) != gov.CodeConflict {
		t.Fatalf("approved but unsealed minutes published: %v", err)
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		return tx.InsertSeal(ctx, &store.MinutesSeal{MeetingID: mid, Version: 1, PDF: []byte("%PDF-1.7 sealed"), AuditHead: "h", SealedAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Publish(ctx, &a, admin, mid); err != nil {
		t.Fatalf("sealed minutes: %v", err)
	}
}
