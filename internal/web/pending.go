package web

import "net/http"

// Handlers still being written by parallel work. Each is replaced by its
// real implementation in its own file; this file goes away when empty.
func (s *Server) pending(w http.ResponseWriter, r *Req) { s.notFound(w, r) }
