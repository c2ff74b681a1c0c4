// The fixes we build into FerretDB v1.24.2 (SQLite backend) for the dev stack, as exact textual
// replacements applied through a Go build overlay (see ferretdb-overlay.ts). Each one says why.
// They must never change what a query returns, only how fast: every pushdown here narrows rows
// that FerretDB's handler still filters in Go with the full filter. Bumping FerretDB means
// re-reading the upstream code for each patch; a patch that no longer matches fails the build.
import type { SourcePatch } from "./source-patch.ts";

/** Go source lines (tab-indented, as gofmt writes them), each ending with a newline. */
const go = (...lines: readonly string[]): string => lines.map((line) => `${line}\n`).join("");

const QUERY_GO = "internal/backends/sqlite/collection.go";
const FSQL_DB_GO = "internal/util/fsql/db.go";

export const FERRETDB_PATCHES: readonly SourcePatch[] = [
  {
    // WHY: the unique `_id` index is created on `_ferretdb_sjson->"_id"` (registry.go builds index
    // columns as `->"field"`), but lookups, updates and deletes compared `->'$._id'`. SQLite uses
    // an expression index only for the identical expression, so every by-`_id` operation scanned
    // and JSON-parsed the whole table. Same JSON value, now the index's exact expression.
    name: "sqlite-id-column-matches-index",
    file: "internal/backends/sqlite/metadata/metadata.go",
    find: go(`\tIDColumn = DefaultColumn + "->'$._id'"`),
    replace: go(`\tIDColumn = DefaultColumn + "->\\"_id\\""`),
    count: 1,
  },
  {
    // WHY: the `_id` shortcut was taken only for one-key filters, so `{_id, tenantId}` scanned.
    // Top-level keys are ANDed, so the rows with that `_id` (or in that `_id $in` list) contain
    // every match; the handler filters them with the whole filter afterwards. The helper is our
    // own file, added by the overlay (ferretdb/_overlay/switchboard_id_pushdown.go).
    name: "sqlite-query-id-pushdown",
    file: QUERY_GO,
    find: go(
      "\tif params.Filter.Len() == 1 {",
      '\t\tv, _ := params.Filter.Get("_id")',
      "\t\tswitch v.(type) {",
      "\t\tcase string, types.ObjectID:",
      "\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)",
      "\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}",
      "\t\t}",
      "\t}",
    ),
    replace: go("\twhereClause, args = switchboardIDPushdown(params.Filter)"),
    count: 1,
  },
  {
    // WHY: keep `explain` telling the truth about the pushdown above (and let tests see the plan).
    name: "sqlite-explain-id-pushdown",
    file: QUERY_GO,
    find: go(
      "\tif params.Filter.Len() == 1 {",
      '\t\tv, _ := params.Filter.Get("_id")',
      "\t\tswitch v.(type) {",
      "\t\tcase string, types.ObjectID:",
      "\t\t\tfilterPushdown = true",
      "\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)",
      "\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}",
      "\t\t}",
      "\t}",
    ),
    replace: go("\twhereClause, args = switchboardIDPushdown(params.Filter)", '\tfilterPushdown = whereClause != ""'),
    count: 1,
  },
  {
    // WHY: the `update` command deferred closing each statement's query to the end of the whole
    // command. A statement that matched a document left its SQL rows (and a pooled connection)
    // open, so with 100 such statements the 100-connection pool was exhausted and the command, and
    // everything else on that database, waited forever. Close per statement instead (below).
    name: "update-no-deferred-close",
    file: "internal/handler/msg_update.go",
    find: go("\t\tcloser := iterator.NewMultiCloser()", "\t\tdefer closer.Close()"),
    replace: go("\t\tcloser := iterator.NewMultiCloser()"),
    count: 1,
  },
  {
    // WHY: the statement's documents are consumed once UpdateDocument returns (also on error).
    // The update goes through our deferred-updates collection (next patches); on an error the
    // statements before it are written first, as upstream had them written already.
    name: "update-close-per-statement",
    file: "internal/handler/msg_update.go",
    find: go(
      '\t\tresult, err := common.UpdateDocument(ctx, c, "update", iter, &u)',
      "\t\tif err != nil {",
      "\t\t\treturn 0, 0, nil, lazyerrors.Error(err)",
      "\t\t}",
    ),
    replace: go(
      '\t\tresult, err := common.UpdateDocument(ctx, deferred.wrap(c), "update", iter, &u)',
      "\t\tcloser.Close()",
      "\t\tif err != nil {",
      "\t\t\tif flushErr := deferred.flush(ctx); flushErr != nil {",
      "\t\t\t\treturn 0, 0, nil, lazyerrors.Error(flushErr)",
      "\t\t\t}",
      "",
      "\t\t\treturn 0, 0, nil, lazyerrors.Error(err)",
      "\t\t}",
    ),
    count: 1,
  },
  {
    // WHY: upstream wrote each statement's document in a transaction of its own, each waiting for
    // the database's one write lock in SQLite's coarse busy sleeps: under the full fault audit's
    // load a bulkWrite of 200 updates by `_id` took 8 s. The documents are kept and written in
    // one transaction (ferretdb/_overlay/switchboard_deferred_updates.go), first before any
    // statement that could read one of them.
    name: "update-deferred-writes",
    file: "internal/handler/msg_update.go",
    find: go("\tfor _, u := range params.Updates {", "\t\tc, err := db.Collection(params.Collection)"),
    replace: go(
      "\tdeferred := newSwitchboardDeferredUpdates()",
      "",
      "\tfor _, u := range params.Updates {",
      "\t\tif deferred.mustFlushBefore(u.Filter) {",
      "\t\t\tif err := deferred.flush(ctx); err != nil {",
      "\t\t\t\treturn 0, 0, nil, lazyerrors.Error(err)",
      "\t\t\t}",
      "\t\t}",
      "",
      "\t\tc, err := db.Collection(params.Collection)",
    ),
    count: 1,
  },
  {
    // WHY: what the last statements kept is written before the command answers.
    name: "update-deferred-writes-flush",
    file: "internal/handler/msg_update.go",
    find: go("\treturn matched, modified, &upserted, nil"),
    replace: go(
      "\tif err := deferred.flush(ctx); err != nil {",
      "\t\treturn 0, 0, nil, lazyerrors.Error(err)",
      "\t}",
      "",
      "\treturn matched, modified, &upserted, nil",
    ),
    count: 1,
  },
  {
    // WHY: SQLite lets one transaction write a database at a time; the others wait in its busy
    // handler, which sleeps 1, 2, 5, 10 … 100 ms between tries instead of waking when the lock is
    // free. With many concurrent writers on one database (ingress: idempotency keys, dedupe claims,
    // deliveries, upstream ids) each write waited hundreds of milliseconds while the lock sat
    // idle between sleeps. Writers of one database now queue on a Go mutex (woken as soon as the
    // previous one is done), so SQLite never sees two of ours at once. Every SQLite write goes
    // through InTransaction (inserts, updates) or the DB's ExecContext (deletes, DDL); neither is
    // ever called inside the other (a transaction's statements use the Tx's own ExecContext).
    name: "fsql-write-queue-import",
    file: FSQL_DB_GO,
    find: go('\t"log/slog"', '\t"time"'),
    replace: go('\t"log/slog"', '\t"sync"', '\t"time"'),
    count: 1,
  },
  {
    name: "fsql-write-queue-field",
    file: FSQL_DB_GO,
    find: go("\ttoken     *resource.Token", "\tBatchSize int", "}"),
    replace: go(
      "\ttoken     *resource.Token",
      "\tBatchSize int",
      "",
      "\t// Switchboard: the one writer at a time (see the write-queue patches).",
      "\twriteMu sync.Mutex",
      "}",
    ),
    count: 1,
  },
  {
    name: "fsql-write-queue-transaction",
    file: FSQL_DB_GO,
    find: go("func (db *DB) InTransaction(ctx context.Context, f func(*Tx) error) (err error) {"),
    replace: go(
      "func (db *DB) InTransaction(ctx context.Context, f func(*Tx) error) (err error) {",
      "\tdb.writeMu.Lock()",
      "\tdefer db.writeMu.Unlock()",
      "",
    ),
    count: 1,
  },
  {
    name: "fsql-write-queue-exec",
    file: FSQL_DB_GO,
    find: go("\tres, err := db.sqlDB.ExecContext(ctx, query, args...)"),
    replace: go(
      "\tdb.writeMu.Lock()",
      "\tres, err := db.sqlDB.ExecContext(ctx, query, args...)",
      "\tdb.writeMu.Unlock()",
    ),
    count: 1,
  },
];

/** Our own Go files added to FerretDB packages by the overlay: module path <- file in ferretdb/. */
export const FERRETDB_ADDED_FILES: readonly { readonly file: string; readonly source: string }[] = [
  { file: "internal/backends/sqlite/switchboard_id_pushdown.go", source: "_overlay/switchboard_id_pushdown.go" },
  { file: "internal/handler/switchboard_deferred_updates.go", source: "_overlay/switchboard_deferred_updates.go" },
];
