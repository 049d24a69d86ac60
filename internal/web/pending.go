package web

import "net/http"

// Handlers still being written by parallel work. Each is replaced by its
// real implementation in its own file; this file goes away when empty.
func (s *Server) pending(w http.ResponseWriter, r *Req) { s.notFound(w, r) }

func (s *Server) dashboard(w http.ResponseWriter, r *Req)         { s.pending(w, r) }
func (s *Server) agreements(w http.ResponseWriter, r *Req)        { s.pending(w, r) }
func (s *Server) agreement(w http.ResponseWriter, r *Req)         { s.pending(w, r) }
func (s *Server) party(w http.ResponseWriter, r *Req)             { s.pending(w, r) }
func (s *Server) directory(w http.ResponseWriter, r *Req)         { s.pending(w, r) }
func (s *Server) directoryCSV(w http.ResponseWriter, r *Req)      { s.pending(w, r) }
func (s *Server) directoryVCard(w http.ResponseWriter, r *Req)    { s.pending(w, r) }
func (s *Server) forums(w http.ResponseWriter, r *Req)            { s.pending(w, r) }
func (s *Server) forum(w http.ResponseWriter, r *Req)             { s.pending(w, r) }
func (s *Server) modelDiagram(w http.ResponseWriter, r *Req)      { s.pending(w, r) }
func (s *Server) modelSVG(w http.ResponseWriter, r *Req)          { s.pending(w, r) }
func (s *Server) annualPlan(w http.ResponseWriter, r *Req)        { s.pending(w, r) }
func (s *Server) admin(w http.ResponseWriter, r *Req)             { s.pending(w, r) }
func (s *Server) editPartyForm(w http.ResponseWriter, r *Req)     { s.pending(w, r) }
func (s *Server) editParty(w http.ResponseWriter, r *Req)         { s.pending(w, r) }
func (s *Server) newPersonForm(w http.ResponseWriter, r *Req)     { s.pending(w, r) }
func (s *Server) createPerson(w http.ResponseWriter, r *Req)      { s.pending(w, r) }
func (s *Server) editPersonForm(w http.ResponseWriter, r *Req)    { s.pending(w, r) }
func (s *Server) editPerson(w http.ResponseWriter, r *Req)        { s.pending(w, r) }
func (s *Server) deletePerson(w http.ResponseWriter, r *Req)      { s.pending(w, r) }
func (s *Server) newMembershipForm(w http.ResponseWriter, r *Req) { s.pending(w, r) }
func (s *Server) createMembership(w http.ResponseWriter, r *Req)  { s.pending(w, r) }
func (s *Server) endMembership(w http.ResponseWriter, r *Req)     { s.pending(w, r) }

// OIDC (oidc.go).
type oidcClient struct{}

func newOIDC(_ any, _ Config) (*oidcClient, error)           { return nil, nil }
func (s *Server) oidcStart(w http.ResponseWriter, r *Req)    { s.pending(w, r) }
func (s *Server) oidcCallback(w http.ResponseWriter, r *Req) { s.pending(w, r) }
