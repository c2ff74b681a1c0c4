// Switchboard's own addition to FerretDB v1.24.2's SQLite backend (package sqlite), compiled in
// only through the build overlay that tools/devstack/src/ferretdb-overlay.ts generates; the `_`
// directory keeps `go build ./...` of our module away from it. It must never loosen a filter:
// what it pushes down to SQL only narrows the rows read, and FerretDB's handler applies the whole
// filter again in Go to every row (find, count, distinct, aggregate, update, delete,
// findAndModify), so the results stay exactly those of the full filter.
package sqlite

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// switchboardMaxInPushdown caps `$in` lists turned into SQL, well below SQLite's 32766 bound
// variables; longer lists are still answered, by a table scan as before.
const switchboardMaxInPushdown = 10_000

// switchboardIDPushdown returns a WHERE clause on the `_id` expression index and its arguments
// when the filter has a top-level `_id` that is an equality to, or a `{$in: [...]}` of, strings or
// ObjectIDs (the types FerretDB's own one-key pushdown accepts); otherwise "" and nil.
// Other top-level keys may be present: they are ANDed with `_id`, so the rows with that `_id` are
// a superset of the matches.
func switchboardIDPushdown(filter *types.Document) (string, []any) {
	n := 0
	for _, k := range filter.Keys() {
		if k == "_id" {
			n++
		}
	}

	// Document.Get panics on a duplicated key; leave such odd filters to the Go path.
	if n != 1 {
		return "", nil
	}

	v := must.NotFail(filter.Get("_id"))

	if isSwitchboardPushdownID(v) {
		return fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn), []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
	}

	cond, ok := v.(*types.Document)
	if !ok || cond.Len() != 1 || cond.Keys()[0] != "$in" {
		return "", nil
	}

	in, ok := must.NotFail(cond.Get("$in")).(*types.Array)
	if !ok || in.Len() == 0 || in.Len() > switchboardMaxInPushdown {
		return "", nil
	}

	args := make([]any, in.Len())
	for i := range in.Len() {
		e := must.NotFail(in.Get(i))
		if !isSwitchboardPushdownID(e) {
			return "", nil
		}

		args[i] = string(must.NotFail(sjson.MarshalSingleValue(e)))
	}

	placeholders := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")

	return fmt.Sprintf(` WHERE %s IN (%s)`, metadata.IDColumn, placeholders), args
}

// isSwitchboardPushdownID reports whether v is an `_id` value whose SQL equality is exact enough
// to narrow by (other types, such as numbers that compare across int/double, are left to Go).
func isSwitchboardPushdownID(v any) bool {
	switch v.(type) {
	case string, types.ObjectID:
		return true
	default:
		return false
	}
}
