package web

import (
	"github.com/steerco/steerco/internal/meeting"
)

// meetingSvc is the meeting service on the server's store, catalogue and
// clock. It holds no state of its own (everything lives in the store),
// so one is built per use rather than kept on the Server.
func (s *Server) meetingSvc() *meeting.Service {
	svc := meeting.New(s.store, s.cat)
	svc.Now = s.cfg.Now
	svc.BaseURL = s.cfg.BaseURL
	svc.Signer = s.cfg.Signer
	return svc
}

// actor is the signed-in user as the meeting rules see them in the
// request's agreement.
func (s *Server) actor(r *Req) meeting.Actor {
	return meeting.ActorFor(r.Principal, r.Agreement)
}
