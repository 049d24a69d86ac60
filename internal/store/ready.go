package store

import (
	"context"
	"fmt"
	"time"
)

// CheckWritable commits a one-row write, so that a database that answers
// reads but refuses writes (a read-only file or server, a full disk, a
// replica) is found: a ping and a read would still succeed. /readyz calls
// it, at most as often as the load balancer probes.
func (s *Store) CheckWritable(ctx context.Context) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO ready_probe (id, at) VALUES (1, ?)
			ON CONFLICT (id) DO UPDATE SET at = excluded.at`, time.Now().UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("store: write check: %w", err)
	}
	return nil
}
