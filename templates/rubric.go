package templates

import (
	_ "embed"
	"sync"

	"selfeval/calc"
)

//go:embed rubric.yaml
var rubricYAML []byte

// RubricYAML returns the default rubric as YAML, e.g. for `selfeval rubric` to print or for
// a bureau to copy and edit.
func RubricYAML() []byte { return append([]byte(nil), rubricYAML...) }

var defaultRubric struct {
	once sync.Once
	r    *calc.Rubric
	err  error
}

// DefaultRubric returns the embedded default rubric, parsed and validated once. The rubric
// is shared: callers must not modify it.
func DefaultRubric() (*calc.Rubric, error) {
	defaultRubric.once.Do(func() {
		defaultRubric.r, defaultRubric.err = calc.ParseRubric(rubricYAML)
	})
	return defaultRubric.r, defaultRubric.err
}
