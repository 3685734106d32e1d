// Command kube-schema-gen walks, by reflection, every Go type reachable from the workload kinds the sidecar
// injector handles and writes a Rust source file of static tables describing them: per struct, the fields
// encoding/json sees (after promoting embedded structs), their JSON names, omitempty/omitzero options, type
// shapes and strategic-merge patch tags.
//
// Usage (from the repository root):
//
//	cd tools/kube-schema-gen && go run . > ../../crates/injector/src/kube/schema_gen.rs
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	openshiftappsv1 "github.com/openshift/api/apps/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// root is a top-level kind the tables start from.
type root struct {
	apiVersion string
	kind       string
	typ        reflect.Type
}

var roots = []root{
	{"v1", "Pod", reflect.TypeOf(corev1.Pod{})},
	{"v1", "ReplicationController", reflect.TypeOf(corev1.ReplicationController{})},
	{"v1", "List", reflect.TypeOf(corev1.List{})},
	{"v1", "Namespace", reflect.TypeOf(corev1.Namespace{})},
	{"v1", "Node", reflect.TypeOf(corev1.Node{})},
	{"apps/v1", "Deployment", reflect.TypeOf(appsv1.Deployment{})},
	{"apps/v1", "DaemonSet", reflect.TypeOf(appsv1.DaemonSet{})},
	{"apps/v1", "ReplicaSet", reflect.TypeOf(appsv1.ReplicaSet{})},
	{"apps/v1", "StatefulSet", reflect.TypeOf(appsv1.StatefulSet{})},
	{"batch/v1", "Job", reflect.TypeOf(batchv1.Job{})},
	{"batch/v1", "CronJob", reflect.TypeOf(batchv1.CronJob{})},
	{"apps.openshift.io/v1", "DeploymentConfig", reflect.TypeOf(openshiftappsv1.DeploymentConfig{})},
}

// Package import paths and the short aliases used in qualified type names.
var pkgAlias = map[string]string{
	"k8s.io/api/core/v1":                   "corev1",
	"k8s.io/api/apps/v1":                   "appsv1",
	"k8s.io/api/batch/v1":                  "batchv1",
	"k8s.io/apimachinery/pkg/apis/meta/v1": "metav1",
	"k8s.io/apimachinery/pkg/api/resource": "resource",
	"k8s.io/apimachinery/pkg/util/intstr":  "intstr",
	"k8s.io/apimachinery/pkg/runtime":      "runtime",
	"k8s.io/apimachinery/pkg/types":        "types",
	"github.com/openshift/api/apps/v1":     "openshiftappsv1",
}

// Types with their own JSON (un)marshalling, mapped to the Rust shape variant describing it.
var special = map[reflect.Type]string{
	reflect.TypeOf(resource.Quantity{}):    "Quantity",
	reflect.TypeOf(intstr.IntOrString{}):   "IntOrString",
	reflect.TypeOf(metav1.Time{}):          "Time",
	reflect.TypeOf(metav1.MicroTime{}):     "MicroTime",
	reflect.TypeOf(runtime.RawExtension{}): "Raw",
	reflect.TypeOf(metav1.FieldsV1{}):      "Raw",
}

var (
	marshalerT   = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	unmarshalerT = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
	zeroerT      = reflect.TypeOf((*interface{ IsZero() bool })(nil)).Elem()
)

func qualName(t reflect.Type) string {
	if t.Name() == "" {
		return ""
	}
	if t.PkgPath() == "" {
		return t.Name()
	}
	a, ok := pkgAlias[t.PkgPath()]
	if !ok {
		fail("no alias for package %s (type %s)", t.PkgPath(), t.Name())
	}
	return a + "." + t.Name()
}

func fail(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "kube-schema-gen: "+f+"\n", a...)
	os.Exit(1)
}

// field is one JSON-visible field of a struct after embedding promotion.
type field struct {
	goName    string
	jsonName  string
	omitEmpty bool
	omitZero  bool
	via       []string // Go names of the embedded structs the field is promoted through
	seq       int      // position in encoding/json's field order (depth-first declaration order)
	typ       reflect.Type
	strategy  string
	mergeKey  string
	depth     int
	tagged    bool
}

type gen struct {
	structs   []reflect.Type
	structIdx map[reflect.Type]int
	fields    map[reflect.Type][]field
	embeds    map[reflect.Type][][2]string // go name, qualified type
	shapes    map[reflect.Type]string      // type -> static ident of its shape
	shapeDefs []string
}

func (g *gen) addStruct(t reflect.Type) {
	if _, ok := g.structIdx[t]; ok {
		return
	}
	g.structIdx[t] = -1
	g.structs = append(g.structs, t)
	fs := visibleFields(t)
	g.fields[t] = fs
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			name, _ := parseTag(f.Tag.Get("json"))
			if name == "" && f.Tag.Get("json") != "-" {
				g.embeds[t] = append(g.embeds[t], [2]string{f.Name, qualName(f.Type)})
			}
		}
	}
	for _, f := range fs {
		g.walk(f.typ)
	}
}

func (g *gen) walk(t reflect.Type) {
	if _, ok := special[t]; ok {
		return
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		g.walk(t.Elem())
	case reflect.Map:
		g.walk(t.Key())
		g.walk(t.Elem())
	case reflect.Struct:
		checkPlain(t)
		g.addStruct(t)
	}
}

// checkPlain fails when a type has custom JSON methods this generator does not know about.
func checkPlain(t reflect.Type) {
	if _, ok := special[t]; ok {
		return
	}
	p := reflect.PointerTo(t)
	if t.Implements(marshalerT) || p.Implements(marshalerT) || t.Implements(unmarshalerT) || p.Implements(unmarshalerT) {
		fail("type %s has custom JSON methods; add it to the special table", t)
	}
}

func parseTag(tag string) (string, []string) {
	parts := strings.Split(tag, ",")
	return parts[0], parts[1:]
}

func has(opts []string, o string) bool {
	for _, x := range opts {
		if x == o {
			return true
		}
	}
	return false
}

// visibleFields lists the fields encoding/json serialises for t, resolving embedded structs with its dominance
// rules: the shallowest field wins; among equally shallow ones a tagged field wins; otherwise the name is dropped.
func visibleFields(t reflect.Type) []field {
	var all []field
	var collect func(t reflect.Type, via []string, depth int)
	collect = func(t reflect.Type, via []string, depth int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts := parseTag(tag)
			if f.Anonymous {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					fail("embedded pointer %s in %s not supported", f.Name, t)
				}
				if name == "" && ft.Kind() == reflect.Struct {
					if _, sp := special[ft]; sp {
						fail("embedded special type %s in %s", ft, t)
					}
					collect(ft, append(append([]string{}, via...), f.Name), depth+1)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			tagged := name != ""
			if name == "" {
				name = f.Name
			}
			if has(opts, "string") {
				fail("field %s.%s uses the ,string option", t, f.Name)
			}
			all = append(all, field{
				goName: f.Name, jsonName: name, omitEmpty: has(opts, "omitempty"), omitZero: has(opts, "omitzero"),
				via: via, typ: f.Type, strategy: f.Tag.Get("patchStrategy"), mergeKey: f.Tag.Get("patchMergeKey"),
				depth: depth, tagged: tagged, seq: len(all),
			})
		}
	}
	collect(t, nil, 0)
	byName := map[string][]field{}
	for _, f := range all {
		byName[f.jsonName] = append(byName[f.jsonName], f)
	}
	var out []field
	for _, fs := range byName {
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].depth < fs[j].depth })
		cands := []field{}
		for _, f := range fs {
			if f.depth == fs[0].depth {
				cands = append(cands, f)
			}
		}
		if len(cands) > 1 {
			var tagged []field
			for _, f := range cands {
				if f.tagged {
					tagged = append(tagged, f)
				}
			}
			if len(tagged) != 1 {
				continue
			}
			cands = tagged
		}
		out = append(out, cands[0])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].jsonName < out[j].jsonName })
	return out
}

func goString(t reflect.Type) string { return t.String() }

// shape returns the Rust expression of a `Shape` for t, defining statics for nested shapes as needed.
func (g *gen) shape(t reflect.Type) string {
	if s, ok := special[t]; ok {
		return "Shape::" + s
	}
	switch t.Kind() {
	case reflect.Bool:
		return "Shape::Bool"
	case reflect.String:
		return "Shape::String"
	case reflect.Int, reflect.Int64:
		return "Shape::Int(IntKind::I64)"
	case reflect.Int32:
		return "Shape::Int(IntKind::I32)"
	case reflect.Int16:
		return "Shape::Int(IntKind::I16)"
	case reflect.Int8:
		return "Shape::Int(IntKind::I8)"
	case reflect.Uint, reflect.Uint64:
		return "Shape::Int(IntKind::U64)"
	case reflect.Uint32:
		return "Shape::Int(IntKind::U32)"
	case reflect.Uint16:
		return "Shape::Int(IntKind::U16)"
	case reflect.Uint8:
		return "Shape::Int(IntKind::U8)"
	case reflect.Struct:
		return fmt.Sprintf("Shape::Struct(%d)", g.structIdx[t])
	case reflect.Interface, reflect.Array, reflect.Float32, reflect.Float64:
		fail("unsupported type %s", t)
	case reflect.Pointer:
		return fmt.Sprintf("Shape::Pointer(&%s)", g.ref(t.Elem()))
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			fail("[]byte field types are not supported (type %s)", t)
		}
		return fmt.Sprintf("Shape::Slice(&%s)", g.ref(t.Elem()))
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			fail("map key %s not supported", t.Key())
		}
		return fmt.Sprintf("Shape::Map(&%s)", g.ref(t.Elem()))
	}
	fail("unsupported type %s", t)
	return ""
}

// ref returns the name of a static `GoType` describing t.
func (g *gen) ref(t reflect.Type) string {
	if id, ok := g.shapes[t]; ok {
		return id
	}
	id := fmt.Sprintf("T%d", len(g.shapes))
	g.shapes[t] = id
	sh := g.shape(t)
	g.shapeDefs = append(g.shapeDefs, fmt.Sprintf("static %s: GoType = GoType { go_type: %q, name: %q, shape: %s };",
		id, goString(t), qualName(t), sh))
	return id
}

func main() {
	g := &gen{structIdx: map[reflect.Type]int{}, fields: map[reflect.Type][]field{},
		embeds: map[reflect.Type][][2]string{}, shapes: map[reflect.Type]string{}}
	for _, r := range roots {
		g.addStruct(r.typ)
	}
	sort.Slice(g.structs, func(i, j int) bool { return qualName(g.structs[i]) < qualName(g.structs[j]) })
	for i, t := range g.structs {
		g.structIdx[t] = i
	}
	var b strings.Builder
	b.WriteString("// @generated by tools/kube-schema-gen from k8s.io/api v0.36.1, k8s.io/apimachinery v0.36.1 and\n")
	b.WriteString("// github.com/openshift/api v3.9.0+incompatible. Do not edit by hand. Regenerate with:\n")
	b.WriteString("//   cd tools/kube-schema-gen && go run . > ../../crates/injector/src/kube/schema_gen.rs\n\n")
	b.WriteString("use super::schema::{FieldDef, GoType, IntKind, Root, Shape, StructDef};\n\n")
	var structDefs []string
	for i, t := range g.structs {
		fs := g.fields[t]
		var fb strings.Builder
		for _, f := range fs {
			via := "&[]"
			if len(f.via) > 0 {
				via = "&[\"" + strings.Join(f.via, "\", \"") + "\"]"
			}
			fmt.Fprintf(&fb, "        FieldDef { go_name: %q, json_name: %q, omit_empty: %v, omit_zero: %v, via: %s, ty: &%s, patch_strategy: %q, patch_merge_key: %q },\n",
				f.goName, f.jsonName, f.omitEmpty, f.omitZero, via, g.ref(f.typ), f.strategy, f.mergeKey)
		}
		order := make([]int, len(fs))
		for k := range order {
			order[k] = k
		}
		sort.Slice(order, func(a, c int) bool { return fs[order[a]].goName < fs[order[c]].goName })
		var ob []string
		for _, k := range order {
			ob = append(ob, fmt.Sprint(k))
		}
		decl := make([]int, len(fs))
		for k := range decl {
			decl[k] = k
		}
		sort.Slice(decl, func(a, c int) bool { return fs[decl[a]].seq < fs[decl[c]].seq })
		var db []string
		for _, k := range decl {
			db = append(db, fmt.Sprint(k))
		}
		var eb []string
		for _, e := range g.embeds[t] {
			eb = append(eb, fmt.Sprintf("(%q, %q)", e[0], e[1]))
		}
		zeroIsZero := t.Implements(zeroerT) || reflect.PointerTo(t).Implements(zeroerT)
		if zeroIsZero {
			fail("struct %s has an IsZero method; omitzero semantics need special handling", t)
		}
		structDefs = append(structDefs, fmt.Sprintf("    // %d\n    StructDef {\n        name: %q,\n        go_type: %q,\n        fields: &[\n%s        ],\n        by_go_name: &[%s],\n        decl_order: &[%s],\n        embeds: &[%s],\n    },\n",
			i, qualName(t), goString(t), fb.String(), strings.Join(ob, ", "), strings.Join(db, ", "), strings.Join(eb, ", ")))
	}
	b.WriteString("/// Every struct type reachable from the root kinds, sorted by qualified name.\n")
	b.WriteString("pub(crate) static STRUCTS: &[StructDef] = &[\n")
	for _, s := range structDefs {
		b.WriteString(s)
	}
	b.WriteString("];\n\n")
	sortedRoots := append([]root{}, roots...)
	sort.Slice(sortedRoots, func(i, j int) bool {
		if sortedRoots[i].apiVersion != sortedRoots[j].apiVersion {
			return sortedRoots[i].apiVersion < sortedRoots[j].apiVersion
		}
		return sortedRoots[i].kind < sortedRoots[j].kind
	})
	b.WriteString("/// The root kinds, sorted by (apiVersion, kind).\n")
	b.WriteString("pub(crate) static ROOTS: &[Root] = &[\n")
	for _, r := range sortedRoots {
		fmt.Fprintf(&b, "    Root { api_version: %q, kind: %q, struct_index: %d },\n", r.apiVersion, r.kind, g.structIdx[r.typ])
	}
	b.WriteString("];\n\n")
	for _, d := range g.shapeDefs {
		b.WriteString(d)
		b.WriteString("\n")
	}
	os.Stdout.WriteString(b.String())
}
