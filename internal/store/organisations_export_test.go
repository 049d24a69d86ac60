package store

import "context"

// ApplyMigrationVersion runs one migration up or down, for tests that
// check what a migration does to a database written before it.
func (s *Store) ApplyMigrationVersion(ctx context.Context, version int64, up bool) error {
	p, err := s.migrationProvider(ctx)
	if err != nil {
		return err
	}
	_, err = p.ApplyVersion(ctx, version, up)
	return err
}
