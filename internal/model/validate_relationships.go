package model

import (
	"fmt"
	"slices"
)

// relationships checks the contracts between the parties (issue #14):
// both sides are parties of the agreement and differ, a pair is listed
// once, and the forums named for complaints and report review seat both
// sides; the complaint forum seats none of the seller's competitors, so
// a complaint never reaches another supplier.
func (v validator) relationships() {
	a := v.a
	seen := map[[2]string]int{}
	for i, r := range a.Relationships {
		path := fmt.Sprintf("relationships[%d]", i)
		okB, okS := a.Party(r.Buyer) != nil, a.Party(r.Seller) != nil
		if !okB {
			v.add(path+".buyer", "no party %q; the parties are: %s", r.Buyer, v.partyIDs())
		}
		if !okS {
			v.add(path+".seller", "no party %q; the parties are: %s", r.Seller, v.partyIDs())
		}
		if r.Buyer == r.Seller && okB {
			v.add(path+".seller", "a party cannot buy from itself")
		}
		key := [2]string{r.Buyer, r.Seller}
		if j, dup := seen[key]; dup {
			v.add(path, "%s buys from %s twice (also relationships[%d])", r.Buyer, r.Seller, j)
		}
		seen[key] = i
	}
	// Forums are checked once every pair is known: a competitor is any
	// other seller to the same buyer, wherever it is listed.
	for i, r := range a.Relationships {
		if a.Party(r.Buyer) == nil || a.Party(r.Seller) == nil {
			continue
		}
		path := fmt.Sprintf("relationships[%d]", i)
		for _, fk := range []struct{ key, slug string }{{"handled_in", r.HandledIn}, {"reviewed_in", r.ReviewedIn}} {
			if fk.slug == "" {
				continue
			}
			f := a.Forum(fk.slug)
			if f == nil {
				v.add(path+"."+fk.key, "no forum %q", fk.slug)
				continue
			}
			seats := a.Seats(f)
			for _, side := range []string{r.Buyer, r.Seller} {
				if !slices.Contains(seats, side) {
					v.add(path+"."+fk.key, "%s has no seat in forum %q (its parties: %v)", side, f.Slug, seats)
				}
			}
			if fk.key != "handled_in" {
				continue
			}
			for _, c := range a.Competitors(r.Seller) {
				if slices.Contains(seats, c) {
					v.add(path+".handled_in", "forum %q seats %s, a competitor of %s: complaints against %s are handled where no other supplier sits",
						f.Slug, c, r.Seller, r.Seller)
				}
			}
		}
	}
}
