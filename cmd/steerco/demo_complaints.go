package main

import (
	"context"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// seedDemoComplaints files one complaint (issue 6) three calendar weeks
// ago, from the first buying party's first seated person against the first
// supplier, unless the agreement has complaints already. It is still
// unacknowledged, so in the demo the supplier acknowledges it late and
// answers it late, and the sanction that follows waits for the customer.
func seedDemoComplaints(ctx context.Context, s *store.Store, a *gov.Agreement) error {
	var n int
	err := s.InTx(ctx, func(tx *store.Tx) error {
		cs, err := tx.Complaints(ctx, a.Slug, store.ComplaintFilter{})
		n = len(cs)
		return err
	})
	if err != nil || n > 0 {
		return err
	}
	var filer *gov.Person
	var supplier string
	for i, p := range a.People {
		if party := a.Party(p.Party); filer == nil && party != nil && party.Kind == gov.KindProvider && p.Email != "" {
			filer = &a.People[i]
		}
	}
	for _, p := range a.Parties {
		if p.Kind == gov.KindSupplier {
			supplier = p.Slug
			break
		}
	}
	if filer == nil || supplier == "" {
		return nil // a model without a buyer or supplier has no complaints to show
	}
	svc := complaint.New(s)
	past := time.Now().AddDate(0, 0, -21)
	svc.Now = func() time.Time { return past }
	x := meeting.ActorFor(auth.Principal{Email: filer.Email, Name: filer.Name, Party: filer.Party, Account: auth.AccountRepresentative}, a)
	_, err = svc.File(ctx, a, x, complaint.NewComplaint{Supplier: supplier,
		Title: "Kirjautuminen oppimisalustalle katkeili koulupäivän aikana",
		Body: "Oppilaat ja opettajat eivät päässeet kirjautumaan alustalle klo 8.15–10.40. " +
			"Häiriöstä ei tiedotettu asiakkaalle sovitusti. Pyydämme kirjallisen vastineen sopimuksen mukaisesti."})
	return err
}
