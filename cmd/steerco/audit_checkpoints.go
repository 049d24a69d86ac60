package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/steerco/steerco/internal/auditsig"
	"github.com/steerco/steerco/internal/store"
)

// dailyCheckpoints writes a signed audit checkpoint when the newest one in
// dir is a day old or there is none, checking every hour. Several
// instances may each write one; more checkpoints only witness more.
func dailyCheckpoints(ctx context.Context, s *store.Store, keyFile, dir string, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if time.Since(auditsig.Latest(dir)) >= 24*time.Hour {
			if file, cp, err := writeCheckpoint(ctx, s, keyFile, dir); err != nil {
				log.Error("audit checkpoint", "err", err)
			} else {
				log.Info("audit checkpoint", "file", file, "entries", cp.Entries)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
