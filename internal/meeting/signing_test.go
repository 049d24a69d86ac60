package meeting

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/pades"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

const signedForum = "ohjausryhma-alustatalo" // supplier writes, Tiera approves; the chair and checkers sign

// TestCheckedAndSignedMinutes runs the steering group's minutes from the
// meeting to the sealed PDF: the draft starts from the meeting (in the
// agreement's language), Tiera approves, a checker rejects (a new
// version), then the chair and the checkers sign within the window, and
// the sealed PDF is valid by pdfsig; with every refusal on the way.
func TestCheckedAndSignedMinutes(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		certPEM, keyPEM, err := pades.SelfSigned("test seal")
		ok(t, err)
		w.svc.Signer, err = pades.Parse(certPEM, keyPEM)
		ok(t, err)
		writer := w.actor("minna-karjalainen", auth.AccountRepresentative)
		chair := w.actor("markku-hiltunen", auth.AccountRepresentative)
		sanna := w.actor("sanna-rautio", auth.AccountRepresentative)
		jussi := w.actor("jussi-peltonen", auth.AccountRepresentative)
		kari := w.actor("kari-vaisanen", auth.AccountRepresentative) // Tiera, not at this meeting
		other := w.actor("petri-huttunen", auth.AccountRepresentative)

		m, err := w.svc.CreateAdHoc(ctx, w.a, writer, NewMeeting{Forum: signedForum, Date: "2027-01-13", Time: "15:00"}, false)
		ok(t, err)
		ok(t, w.svc.PublishAgenda(ctx, w.a, writer, m.ID))
		w.at("2027-01-13 17:00")
		ok(t, w.svc.RecordAttendance(ctx, w.a, writer, m.ID, []AttendeeInput{{Person: "markku-hiltunen", Role: "chair", Present: true},
			{Person: "sanna-rautio", Role: "member", Present: true}, {Person: "jussi-peltonen", Role: "member", Present: true},
			{Person: "minna-karjalainen", Role: "secretary", Present: true}, {Person: "tuomas-lindholm", Role: "expert", Present: false}}))
		ok(t, w.svc.MarkHeld(ctx, w.a, writer, m.ID))
		_, err = w.svc.AddActionItem(ctx, w.a, writer, m.ID, ActionInput{Title: "Korjaa raportti", Owner: "jussi-peltonen", Due: "2027-01-29"})
		ok(t, err)

		// The draft is in Finnish, the agreement's language, with attendance and action items.
		draft, err := w.svc.DraftMinutes(ctx, w.a, writer, m.ID)
		ok(t, err)
		for _, want := range []string{"# Pöytäkirja", "## Läsnä", "Markku Hiltunen", "## Poissa", "## Toimenpiteet", "Korjaa raportti"} {
			if !strings.Contains(draft, want) {
				t.Errorf("the draft lacks %q:\n%s", want, draft)
			}
		}
		_, err = w.svc.DraftMinutes(ctx, w.a, other, m.ID)
		wantCode(t, err, gov.CodeNotFound)

		_, err = w.svc.SaveMinutes(ctx, w.a, writer, m.ID, draft)
		ok(t, err)
		// No checkers chosen yet: the minutes cannot go out.
		wantCode(t, w.svc.SubmitMinutes(ctx, w.a, writer, m.ID), gov.CodeConflict)
		wantCode(t, w.svc.ChooseCheckers(ctx, w.a, writer, m.ID, []string{"tuomas-lindholm"}), gov.CodeInvalid) // absent
		wantCode(t, w.svc.ChooseCheckers(ctx, w.a, writer, m.ID, []string{"sanna-rautio", "jussi-peltonen", "minna-karjalainen"}), gov.CodeInvalid)
		wantCode(t, w.svc.ChooseCheckers(ctx, w.a, kari, m.ID, []string{"sanna-rautio"}), gov.CodeForbidden)
		ok(t, w.svc.ChooseCheckers(ctx, w.a, writer, m.ID, []string{"sanna-rautio", "jussi-peltonen"}))
		ok(t, w.svc.SubmitMinutes(ctx, w.a, writer, m.ID))

		// Other party: a Tiera representative approves, the writer's party does not.
		wantCode(t, w.svc.ApproveMinutes(ctx, w.a, jussi, m.ID), gov.CodeForbidden)
		w.at("2027-01-14 10:00")
		ok(t, w.svc.ApproveMinutes(ctx, w.a, sanna, m.ID))

		// Signing: not a signer 403, a rejection sends them back.
		wantCode(t, w.svc.SignMinutes(ctx, w.a, kari, m.ID), gov.CodeForbidden)
		wantCode(t, w.svc.SignMinutes(ctx, w.a, other, m.ID), gov.CodeNotFound)
		ok(t, w.svc.SignMinutes(ctx, w.a, chair, m.ID))
		wantCode(t, w.svc.SignMinutes(ctx, w.a, chair, m.ID), gov.CodeConflict) // twice
		wantCode(t, w.svc.RejectMinutes(ctx, w.a, jussi, m.ID, " "), gov.CodeInvalid)
		ok(t, w.svc.RejectMinutes(ctx, w.a, jussi, m.ID, "Kohta 2 puuttuu."))
		if got := w.meeting(m.ID); got.State != gov.MinutesDrafted {
			t.Fatalf("after a rejection the meeting is %s", got.State)
		}
		wantCode(t, w.svc.SignMinutes(ctx, w.a, sanna, m.ID), gov.CodeConflict)
		if len(w.outbox("minutes-returned")) == 0 {
			t.Error("the writer did not hear of the rejection")
		}

		// Version 2: approved, then signed by all within the window.
		_, err = w.svc.SaveMinutes(ctx, w.a, writer, m.ID, draft+"\nKohta 2 lisätty.\n")
		ok(t, err)
		ok(t, w.svc.SubmitMinutes(ctx, w.a, writer, m.ID))
		ok(t, w.svc.ApproveMinutes(ctx, w.a, sanna, m.ID))
		w.at("2027-01-28 10:00") // past the 5 working days
		err = w.svc.SignMinutes(ctx, w.a, chair, m.ID)
		wantCode(t, err, gov.CodeConflict)
		if !strings.Contains(err.Error(), "2027-01-21") {
			t.Errorf("the late refusal does not name the deadline: %v", err)
		}
		w.at("2027-01-18 10:00")
		ok(t, w.svc.SignMinutes(ctx, w.a, chair, m.ID))
		ok(t, w.svc.SignMinutes(ctx, w.a, sanna, m.ID))
		if _, err := st.SealedMinutes(ctx, m.ID); err == nil {
			t.Fatal("sealed before all signed")
		}
		ok(t, w.svc.SignMinutes(ctx, w.a, jussi, m.ID))
		seal, err := st.SealedMinutes(ctx, m.ID)
		ok(t, err)
		if seal.Version != 2 || !seal.Signed || seal.AuditHead == "" {
			t.Fatalf("seal %+v", seal)
		}
		pdf, _, err := w.svc.MinutesPDF(ctx, w.a, kari, m.ID)
		ok(t, err)
		if string(pdf) != string(seal.PDF) {
			t.Error("minutes.pdf is not the sealed PDF")
		}
		if _, err := exec.LookPath("pdfsig"); err == nil {
			path := filepath.Join(t.TempDir(), "m.pdf")
			ok(t, os.WriteFile(path, pdf, 0o600))
			out, _ := exec.Command("pdfsig", path).CombinedOutput()
			if !strings.Contains(string(out), "Signature is Valid") {
				t.Errorf("pdfsig:\n%s", out)
			}
			if txt, err := exec.Command("pdftotext", path, "-").Output(); err == nil {
				for _, want := range []string{"Markku Hiltunen", "puheenjohtaja", "pöytäkirjan tarkastaja", seal.AuditHead[:16]} {
					if !strings.Contains(string(txt), want) {
						t.Errorf("the sealed PDF lacks %q", want)
					}
				}
			}
		}
	})
}

// TestApprovalAsTheSourcesSay: "chair" is the person chairing that
// meeting, not anyone of the chairing party; "participants" are the
// attendees other than the writer, the writer's own party included.
func TestApprovalAsTheSourcesSay(t *testing.T) {
	w := &world{t: t}
	src, err := modelTemplate("national-platform")
	ok(t, err)
	w.a = src
	f := w.a.Forum("kehitysryhma") // approval: chair
	if f == nil || f.Minutes.Approval != gov.ApproveChair {
		t.Skip("no chair-approved development group")
	}
	m := &gov.Meeting{LocalDate: "2027-02-10", Forum: f.Slug}
	chair := w.actor("janne-aaltonen", auth.AccountRepresentative)
	if !CanApproveBy(chair, w.a, f, m, nil, "", true) {
		t.Error("the chair seat holder cannot approve")
	}
	// Someone else chaired this meeting: only they approve.
	att := []gov.Attendee{{Person: "heli-rantanen", Role: "chair", Present: true}}
	if CanApproveBy(chair, w.a, f, m, att, "", true) {
		t.Error("the year's chair approved a meeting someone else chaired")
	}
	if !CanApproveBy(w.actor("heli-rantanen", auth.AccountRepresentative), w.a, f, m, att, "", true) {
		t.Error("the meeting's chair cannot approve")
	}
	same := w.actor("kaisa-leinonen", auth.AccountRepresentative)
	if CanApproveBy(same, w.a, f, m, att, "", true) {
		t.Error("a member approved chair-approved minutes")
	}

	// Participants: the city's own attendees approve, the writer does not.
	cms, err := modelTemplate("city-multi-supplier")
	ok(t, err)
	var pf *gov.Forum
	for i := range cms.Forums {
		if cms.Forums[i].Minutes.Approval == gov.ApproveAttendees {
			pf = &cms.Forums[i]
			break
		}
	}
	if pf == nil {
		t.Skip("no participant-approved forum")
	}
	var people []gov.Person
	for _, ms := range cms.Memberships {
		if ms.Forum == pf.Slug {
			people = append(people, *cms.Person(ms.Person))
		}
	}
	if len(people) < 2 {
		t.Skip("too few members")
	}
	var at []gov.Attendee
	for _, p := range people {
		at = append(at, gov.Attendee{Person: p.Slug, Party: p.Party, Present: true})
	}
	act := func(p gov.Person) Actor {
		return ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: auth.AccountRepresentative}, cms)
	}
	writer := people[0]
	m2 := &gov.Meeting{LocalDate: "2027-02-10", Forum: pf.Slug}
	if CanApproveBy(act(writer), cms, pf, m2, at, "user:"+writer.Email, false) {
		t.Error("the writer approved their own minutes")
	}
	for _, p := range people[1:] {
		if !CanApproveBy(act(p), cms, pf, m2, at, "user:"+writer.Email, false) {
			t.Errorf("attendee %s (%s) cannot approve", p.Name, p.Party)
		}
	}
}
