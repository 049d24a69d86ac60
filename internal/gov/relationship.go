package gov

import "slices"

// Relationship is a contract between two parties of the agreement: the
// buyer buys a service from the seller (customer ↔ provider, provider ↔
// supplier, customer ↔ supplier). Who may complain about whom, who
// decides whose sanctions, who reviews whose report and who orders from
// whom follow the relationships, so that a municipality that buys from
// an in-house company has no direct say over that company's own
// suppliers (national-platform, source §11.4).
type Relationship struct {
	Buyer  string `yaml:"buyer" json:"buyer"`
	Seller string `yaml:"seller" json:"seller"`
	// HandledIn is the forum that takes up the buyer's complaints against
	// the seller: a forum both sit in and no competitor of the seller
	// does, so a complaint never reaches another supplier.
	HandledIn string `yaml:"handled_in,omitempty" json:"handled_in,omitempty"`
	// ReviewedIn is the forum where the buyer reviews the seller's part of
	// the monthly report; empty for the report rule's reviewed_in.
	ReviewedIn string `yaml:"reviewed_in,omitempty" json:"reviewed_in,omitempty"`
	// Note says where the relationship comes from (a clause of the source
	// document, say).
	Note string `yaml:"note,omitempty" json:"note,omitempty"`
}

// Contracts are the agreement's relationships: the ones the model lists
// or, when it lists none (a model written before relationships were
// modelled), the ones its party kinds imply: customers buy from the
// providers, and the suppliers sell to the providers where there are
// any and to the customers where there are none.
func (a *Agreement) Contracts() []Relationship {
	if len(a.Relationships) > 0 {
		return a.Relationships
	}
	var customers, providers, suppliers []string
	for _, p := range a.Parties {
		switch p.Kind {
		case KindCustomer:
			customers = append(customers, p.Slug)
		case KindProvider:
			providers = append(providers, p.Slug)
		case KindSupplier:
			suppliers = append(suppliers, p.Slug)
		}
	}
	var out []Relationship
	for _, c := range customers {
		for _, p := range providers {
			out = append(out, Relationship{Buyer: c, Seller: p})
		}
	}
	buyers := providers
	if len(buyers) == 0 {
		buyers = customers
	}
	for _, b := range buyers {
		for _, s := range suppliers {
			out = append(out, Relationship{Buyer: b, Seller: s})
		}
	}
	return out
}

// Contract returns the relationship in which buyer buys from seller, or
// nil when the two have no contract in that direction.
func (a *Agreement) Contract(buyer, seller string) *Relationship {
	cs := a.Contracts()
	for i := range cs {
		if cs[i].Buyer == buyer && cs[i].Seller == seller {
			return &cs[i]
		}
	}
	return nil
}

// SellersTo lists the parties buyer buys from, in model order.
func (a *Agreement) SellersTo(buyer string) []string {
	var out []string
	for _, r := range a.Contracts() {
		if r.Buyer == buyer && !slices.Contains(out, r.Seller) {
			out = append(out, r.Seller)
		}
	}
	return out
}

// BuyersFrom lists the parties that buy from seller directly.
func (a *Agreement) BuyersFrom(seller string) []string {
	var out []string
	for _, r := range a.Contracts() {
		if r.Seller == seller && !slices.Contains(out, r.Buyer) {
			out = append(out, r.Buyer)
		}
	}
	return out
}

// Upstream lists the parties that buy from seller directly or through a
// chain of contracts (the municipalities that buy from the provider that
// buys from a supplier): they may follow the seller's reported service,
// though only the direct buyers act on it.
func (a *Agreement) Upstream(seller string) []string {
	var out []string
	queue := []string{seller}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, b := range a.BuyersFrom(s) {
			if b != seller && !slices.Contains(out, b) {
				out = append(out, b)
				queue = append(queue, b)
			}
		}
	}
	return out
}

// Competitors are the other parties that sell to one of seller's buyers:
// those that must never see its complaints or its part of a report.
func (a *Agreement) Competitors(seller string) []string {
	var out []string
	for _, b := range a.BuyersFrom(seller) {
		for _, s := range a.SellersTo(b) {
			if s != seller && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// Seats reports which parties take part in forum f: its parties, or
// every party of the agreement for a forum open to all.
func (a *Agreement) Seats(f *Forum) []string {
	if len(f.Parties) > 0 {
		return f.Parties
	}
	out := make([]string, len(a.Parties))
	for i, p := range a.Parties {
		out[i] = p.Slug
	}
	return out
}

// PrivateTo reports whether forum f seats both buyer and seller and none
// of the seller's competitors.
func (a *Agreement) PrivateTo(f *Forum, buyer, seller string) bool {
	seats := a.Seats(f)
	if !slices.Contains(seats, buyer) || !slices.Contains(seats, seller) {
		return false
	}
	for _, c := range a.Competitors(seller) {
		if slices.Contains(seats, c) {
			return false
		}
	}
	return true
}

// ComplaintForum is the forum where buyer's complaints against seller are
// handled: the relationship's handled_in, else the complaint rules'
// handled_in when that forum is private to the two; nil when none is, and
// the complaint is then raised in no forum rather than before a
// competitor.
func (a *Agreement) ComplaintForum(buyer, seller string) *Forum {
	if r := a.Contract(buyer, seller); r != nil && r.HandledIn != "" {
		return a.Forum(r.HandledIn)
	}
	if a.Complaints != nil && a.Complaints.HandledIn != "" {
		if f := a.Forum(a.Complaints.HandledIn); f != nil && a.PrivateTo(f, buyer, seller) {
			return f
		}
	}
	return nil
}
