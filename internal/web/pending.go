package web

import "net/http"

// Handlers still being written by parallel work. Each is replaced by its
// real implementation in its own file; this file goes away when empty.
func (s *Server) pending(w http.ResponseWriter, r *Req) { s.notFound(w, r) }

func (s *Server) meetings(w http.ResponseWriter, r *Req)         { s.pending(w, r) }
func (s *Server) planMeetings(w http.ResponseWriter, r *Req)     { s.pending(w, r) }
func (s *Server) createMeeting(w http.ResponseWriter, r *Req)    { s.pending(w, r) }
func (s *Server) meeting(w http.ResponseWriter, r *Req)          { s.pending(w, r) }
func (s *Server) meetingICS(w http.ResponseWriter, r *Req)       { s.pending(w, r) }
func (s *Server) addItem(w http.ResponseWriter, r *Req)          { s.pending(w, r) }
func (s *Server) decideItem(w http.ResponseWriter, r *Req)       { s.pending(w, r) }
func (s *Server) deleteItem(w http.ResponseWriter, r *Req)       { s.pending(w, r) }
func (s *Server) publishAgenda(w http.ResponseWriter, r *Req)    { s.pending(w, r) }
func (s *Server) cancelMeeting(w http.ResponseWriter, r *Req)    { s.pending(w, r) }
func (s *Server) uploadMaterial(w http.ResponseWriter, r *Req)   { s.pending(w, r) }
func (s *Server) downloadMaterial(w http.ResponseWriter, r *Req) { s.pending(w, r) }
func (s *Server) recordAttendance(w http.ResponseWriter, r *Req) { s.pending(w, r) }
func (s *Server) markHeld(w http.ResponseWriter, r *Req)         { s.pending(w, r) }
func (s *Server) saveMinutes(w http.ResponseWriter, r *Req)      { s.pending(w, r) }
func (s *Server) submitMinutes(w http.ResponseWriter, r *Req)    { s.pending(w, r) }
func (s *Server) approveMinutes(w http.ResponseWriter, r *Req)   { s.pending(w, r) }
func (s *Server) returnMinutes(w http.ResponseWriter, r *Req)    { s.pending(w, r) }
func (s *Server) minutesPDF(w http.ResponseWriter, r *Req)       { s.pending(w, r) }
func (s *Server) addAction(w http.ResponseWriter, r *Req)        { s.pending(w, r) }
func (s *Server) actions(w http.ResponseWriter, r *Req)          { s.pending(w, r) }
func (s *Server) updateAction(w http.ResponseWriter, r *Req)     { s.pending(w, r) }
func (s *Server) outbox(w http.ResponseWriter, r *Req)           { s.pending(w, r) }
func (s *Server) feeds(w http.ResponseWriter, r *Req)            { s.pending(w, r) }
func (s *Server) createFeed(w http.ResponseWriter, r *Req)       { s.pending(w, r) }
func (s *Server) revokeFeed(w http.ResponseWriter, r *Req)       { s.pending(w, r) }
func (s *Server) feedICS(w http.ResponseWriter, r *Req)          { s.pending(w, r) }
func (s *Server) surveyForm(w http.ResponseWriter, r *Req)       { s.pending(w, r) }
func (s *Server) surveyAnswer(w http.ResponseWriter, r *Req)     { s.pending(w, r) }
func (s *Server) surveyResults(w http.ResponseWriter, r *Req)    { s.pending(w, r) }
