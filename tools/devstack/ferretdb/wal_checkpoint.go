package main

// Bounds the write-ahead logs of FerretDB's SQLite databases. SQLite's own automatic checkpoint is
// PASSIVE: it copies back only the frames no open reader still needs, and the log file restarts
// from its beginning only once a checkpoint has copied back all of it. Under a sustained load
// some reader always holds an older snapshot, so that moment never comes: the full fault audit's
// ingress database grew a 4.1 GB log, and every read had to look its pages up in it. Here a log
// past a size limit gets a TRUNCATE checkpoint, which waits (at most busyTimeout, holding off new
// writers meanwhile) until the readers have moved on, copies everything back and empties the
// file. A checkpoint that cannot finish in that time is only logged, and tried again next tick.

import (
	"context"
	"database/sql"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB's SQLite backend uses, registered as "sqlite"
)

type walCheckpointer struct {
	dir         string
	above       int64
	busyTimeout time.Duration
	dbs         map[string]*sql.DB
}

// sqliteDataDir returns the directory of a FerretDB SQLite URL ("file:data/?_pragma=…").
func sqliteDataDir(url string) string {
	dir := strings.TrimPrefix(url, "file:")
	if i := strings.IndexByte(dir, '?'); i >= 0 {
		dir = dir[:i]
	}

	return dir
}

// runWALCheckpoints checks the logs every `every` until ctx ends.
func runWALCheckpoints(ctx context.Context, dir string, every time.Duration, above int64, busyTimeout time.Duration) {
	c := &walCheckpointer{dir: dir, above: above, busyTimeout: busyTimeout, dbs: map[string]*sql.DB{}}
	defer c.close()

	ticker := time.NewTicker(every)
	defer ticker.Stop()

	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			c.checkAll(ctx)
		}
	}
}

func (c *walCheckpointer) checkAll(ctx context.Context) {
	files, err := filepath.Glob(filepath.Join(c.dir, "*.sqlite"))
	if err != nil {
		log.Printf("wal checkpoint: %v", err)
		return
	}

	for _, file := range files {
		info, err := os.Stat(file + "-wal")
		if err != nil || info.Size() <= c.above {
			continue
		}

		c.truncate(ctx, file, info.Size())
	}
}

func (c *walCheckpointer) truncate(ctx context.Context, file string, size int64) {
	db, err := c.open(file)
	if err != nil {
		log.Printf("wal checkpoint: open %s: %v", file, err)
		return
	}

	started := time.Now()

	// busy is 1 when the readers did not move on within the busy timeout; frames are the log's
	// and those copied back (-1, -1 when the log could not be reached at all).
	var busy, logFrames, copied int64
	row := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	if err := row.Scan(&busy, &logFrames, &copied); err != nil {
		log.Printf("wal checkpoint: %s: %v", file, err)
		return
	}

	outcome := "truncated"
	if busy != 0 {
		outcome = "busy, retried next tick"
	}

	log.Printf(
		"wal checkpoint: %s: log of %d MB, %s (%d of %d frames copied back) in %s",
		filepath.Base(file), size>>20, outcome, copied, logFrames, time.Since(started).Round(time.Millisecond),
	)
}

// open keeps one connection per database file: a checkpoint needs no more, and it must not
// compete with FerretDB's pool.
func (c *walCheckpointer) open(file string) (*sql.DB, error) {
	if db, ok := c.dbs[file]; ok {
		return db, nil
	}

	uri := "file:" + file + "?_pragma=busy_timeout(" + strconv.FormatInt(c.busyTimeout.Milliseconds(), 10) + ")"

	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return nil, err
	}

	db.SetMaxOpenConns(1)
	c.dbs[file] = db

	return db, nil
}

func (c *walCheckpointer) close() {
	for _, db := range c.dbs {
		_ = db.Close()
	}
}
