// Command proto-schema-gen writes the static protobuf descriptor tables used by
// crates/injector/src/mesh: every message reachable from Istio's
// istio.mesh.v1alpha1.MeshConfig and istio.mesh.v1alpha1.ProxyConfig, with
// proto, JSON and Go field names, kinds, cardinality, oneofs and enum values.
//
// Usage (from the repository root):
//
//	(cd tools/proto-schema-gen && go run .) > crates/injector/src/mesh/descriptors_gen.rs
package main

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
	"runtime/debug"
	"sort"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	meshconfig "istio.io/api/mesh/v1alpha1"
)

// roots are the messages whose closure is emitted.
var roots = []protoreflect.MessageDescriptor{
	(&meshconfig.MeshConfig{}).ProtoReflect().Descriptor(),
	(&meshconfig.ProxyConfig{}).ProtoReflect().Descriptor(),
}

// wellKnown maps google.protobuf message names to the Rust WellKnown variant.
var wellKnown = map[protoreflect.FullName]string{
	"google.protobuf.Duration":    "Duration",
	"google.protobuf.Timestamp":   "Timestamp",
	"google.protobuf.BoolValue":   "BoolValue",
	"google.protobuf.BytesValue":  "BytesValue",
	"google.protobuf.StringValue": "StringValue",
	"google.protobuf.Int32Value":  "Int32Value",
	"google.protobuf.UInt32Value": "UInt32Value",
	"google.protobuf.Int64Value":  "Int64Value",
	"google.protobuf.UInt64Value": "UInt64Value",
	"google.protobuf.FloatValue":  "FloatValue",
	"google.protobuf.DoubleValue": "DoubleValue",
	"google.protobuf.Struct":      "Struct",
	"google.protobuf.Value":       "Value",
	"google.protobuf.ListValue":   "ListValue",
	"google.protobuf.Any":         "Any",
	"google.protobuf.Empty":       "Empty",
}

type collector struct {
	msgs  []protoreflect.MessageDescriptor
	enums []protoreflect.EnumDescriptor
	seenM map[protoreflect.FullName]bool
	seenE map[protoreflect.FullName]bool
}

func (c *collector) addEnum(e protoreflect.EnumDescriptor) {
	if c.seenE[e.FullName()] {
		return
	}
	c.seenE[e.FullName()] = true
	c.enums = append(c.enums, e)
}

func (c *collector) addMessage(m protoreflect.MessageDescriptor) {
	if c.seenM[m.FullName()] {
		return
	}
	c.seenM[m.FullName()] = true
	c.msgs = append(c.msgs, m)
	fields := m.Fields()
	for i := 0; i < fields.Len(); i++ {
		c.addFieldTypes(fields.Get(i))
	}
}

func (c *collector) addFieldTypes(fd protoreflect.FieldDescriptor) {
	if fd.IsMap() {
		c.addFieldTypes(fd.MapKey())
		c.addFieldTypes(fd.MapValue())
		return
	}
	if e := fd.Enum(); e != nil {
		c.addEnum(e)
	}
	if m := fd.Message(); m != nil {
		c.addMessage(m)
	}
}

// ident turns a full name into a Rust static identifier.
func ident(prefix string, name protoreflect.FullName) string {
	return prefix + strings.ToUpper(strings.NewReplacer(".", "_").Replace(string(name)))
}

// goCamelCase converts a proto identifier to its Go name the way
// protoc-gen-go does: underscores followed by a lower-case letter are dropped
// and that letter is upper-cased; a leading underscore becomes 'X'.
func goCamelCase(s string) string {
	var b []byte
	lower := func(c byte) bool { return 'a' <= c && c <= 'z' }
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && i+1 < len(s) && lower(s[i+1]):
		case c == '.':
			b = append(b, '_')
		case c == '_' && (i == 0 || s[i-1] == '.'):
			b = append(b, 'X')
		case c == '_' && i+1 < len(s) && lower(s[i+1]):
		case '0' <= c && c <= '9':
			b = append(b, c)
		default:
			if lower(c) {
				c -= 'a' - 'A'
			}
			b = append(b, c)
			for ; i+1 < len(s) && lower(s[i+1]); i++ {
				b = append(b, s[i+1])
			}
		}
	}
	return string(b)
}

// goFieldNames returns, per proto field name, the Go struct field name, and
// per oneof name the Go interface field name. Names come from the generated
// struct tags; oneof members (which live in wrapper structs) are derived with
// goCamelCase and checked against the generated getter.
func goFieldNames(md protoreflect.MessageDescriptor) (map[string]string, map[string]string) {
	fields := map[string]string{}
	oneofs := map[string]string{}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
	if err != nil {
		fail("message type %s not registered: %v", md.FullName(), err)
	}
	pt := reflect.TypeOf(mt.New().Interface())
	t := pt
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if tag, ok := f.Tag.Lookup("protobuf"); ok {
			for _, part := range strings.Split(tag, ",") {
				if name, ok := strings.CutPrefix(part, "name="); ok {
					fields[name] = f.Name
				}
			}
		}
		if tag, ok := f.Tag.Lookup("protobuf_oneof"); ok {
			oneofs[tag] = f.Name
		}
	}
	fds := md.Fields()
	for i := 0; i < fds.Len(); i++ {
		fd := fds.Get(i)
		name := string(fd.Name())
		want := goCamelCase(name)
		if got, ok := fields[name]; ok {
			if got != want {
				fail("Go name of %s is %s, goCamelCase gives %s", fd.FullName(), got, want)
			}
			continue
		}
		if fd.ContainingOneof() == nil {
			fail("no Go field for %s", fd.FullName())
		}
		if _, ok := pt.MethodByName("Get" + want); !ok {
			fail("no getter Get%s for oneof member %s", want, fd.FullName())
		}
		fields[name] = want
	}
	return fields, oneofs
}

// messageGoType is the Go type of a message pointer as %T prints it, e.g. *v1alpha1.ProxyConfig.
func messageGoType(md protoreflect.MessageDescriptor) string {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
	if err != nil {
		fail("message type %s not registered: %v", md.FullName(), err)
	}
	return reflect.TypeOf(mt.New().Interface()).String()
}

// enumGoType is the Go type of an enum as %T prints it.
func enumGoType(ed protoreflect.EnumDescriptor) string {
	et, err := protoregistry.GlobalTypes.FindEnumByName(ed.FullName())
	if err != nil {
		fail("enum type %s not registered: %v", ed.FullName(), err)
	}
	return reflect.TypeOf(et.New(0)).String()
}

// goFieldTypes returns, per proto field name, the Go type of the field (for a
// oneof member: of the member field inside its wrapper), and per oneof member
// the wrapper type held by the oneof interface field.
func goFieldTypes(md protoreflect.MessageDescriptor) (map[string]string, map[string]string) {
	types := map[string]string{}
	wrappers := map[string]string{}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
	if err != nil {
		fail("message type %s not registered: %v", md.FullName(), err)
	}
	fds := md.Fields()
	for i := 0; i < fds.Len(); i++ {
		fd := fds.Get(i)
		msg := mt.New()
		st := reflect.ValueOf(msg.Interface()).Elem()
		if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
			msg.Set(fd, msg.NewField(fd))
			var iface reflect.Value
			for j := 0; j < st.NumField(); j++ {
				if st.Type().Field(j).Tag.Get("protobuf_oneof") == string(od.Name()) {
					iface = st.Field(j)
				}
			}
			if !iface.IsValid() || iface.IsNil() {
				fail("cannot observe oneof wrapper of %s", fd.FullName())
			}
			w := iface.Elem()
			wrappers[string(fd.Name())] = w.Type().String()
			types[string(fd.Name())] = w.Elem().Field(0).Type().String()
			continue
		}
		found := false
		for j := 0; j < st.NumField(); j++ {
			f := st.Type().Field(j)
			for _, part := range strings.Split(f.Tag.Get("protobuf"), ",") {
				if part == "name="+string(fd.Name()) {
					types[string(fd.Name())] = f.Type.String()
					found = true
				}
			}
		}
		if !found {
			fail("no Go field for %s", fd.FullName())
		}
	}
	return types, wrappers
}

func kindExpr(fd protoreflect.FieldDescriptor) string {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return "Kind::Bool"
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return "Kind::Int32"
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return "Kind::Int64"
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return "Kind::Uint32"
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return "Kind::Uint64"
	case protoreflect.FloatKind:
		return "Kind::Float"
	case protoreflect.DoubleKind:
		return "Kind::Double"
	case protoreflect.StringKind:
		return "Kind::String"
	case protoreflect.BytesKind:
		return "Kind::Bytes"
	case protoreflect.EnumKind:
		return fmt.Sprintf("Kind::Enum(&%s)", ident("ENUM_", fd.Enum().FullName()))
	case protoreflect.MessageKind:
		return fmt.Sprintf("Kind::Message(&%s)", ident("MSG_", fd.Message().FullName()))
	}
	fail("unsupported kind %v for %s", fd.Kind(), fd.FullName())
	return ""
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "proto-schema-gen: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	c := &collector{seenM: map[protoreflect.FullName]bool{}, seenE: map[protoreflect.FullName]bool{}}
	for _, r := range roots {
		c.addMessage(r)
	}
	sort.Slice(c.msgs, func(i, j int) bool { return c.msgs[i].FullName() < c.msgs[j].FullName() })
	sort.Slice(c.enums, func(i, j int) bool { return c.enums[i].FullName() < c.enums[j].FullName() })

	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }

	p("// @generated by tools/proto-schema-gen. DO NOT EDIT.\n")
	p("// Regenerate from the repository root with:\n")
	p("//   (cd tools/proto-schema-gen && go run .) > crates/injector/src/mesh/descriptors_gen.rs && cargo fmt --all\n")
	p("// Source: istio.io/api %s (messages reachable from MeshConfig and ProxyConfig).\n\n", apiVersion())
	p("//! Descriptor tables for every message and enum reachable from istio.mesh.v1alpha1.MeshConfig and ProxyConfig.\n\n")
	p("use super::descriptor::{EnumDescriptor, EnumValue, FieldDescriptor, Kind, Label, MessageDescriptor, OneofDescriptor, WellKnown};\n\n")

	for _, e := range c.enums {
		p("/// Enum `%s`.\n", e.FullName())
		p("pub static %s: EnumDescriptor = EnumDescriptor {\n", ident("ENUM_", e.FullName()))
		p("    full_name: %q,\n", e.FullName())
		p("    go_type: %q,\n", enumGoType(e))
		p("    values: &[\n")
		vals := e.Values()
		for i := 0; i < vals.Len(); i++ {
			v := vals.Get(i)
			p("        EnumValue { name: %q, number: %d },\n", v.Name(), v.Number())
		}
		p("    ],\n};\n\n")
	}

	var all []string
	for _, m := range c.msgs {
		id := ident("MSG_", m.FullName())
		all = append(all, id)
		goFields, goOneofs := goFieldNames(m)
		goTypes, goWrappers := goFieldTypes(m)
		p("/// Message `%s`.\n", m.FullName())
		p("pub static %s: MessageDescriptor = MessageDescriptor {\n", id)
		p("    full_name: %q,\n", m.FullName())
		p("    go_type: %q,\n", messageGoType(m))
		if wk, ok := wellKnown[m.FullName()]; ok {
			p("    well_known: Some(WellKnown::%s),\n", wk)
		} else {
			p("    well_known: None,\n")
		}
		p("    oneofs: &[\n")
		oneofs := m.Oneofs()
		for i := 0; i < oneofs.Len(); i++ {
			od := oneofs.Get(i)
			goName := goOneofs[string(od.Name())]
			if goName == "" {
				fail("no Go field for oneof %s", od.FullName())
			}
			p("        OneofDescriptor { name: %q, go_name: %q, synthetic: %v },\n", od.Name(), goName, od.IsSynthetic())
		}
		p("    ],\n")
		p("    fields: &[\n")
		fields := m.Fields()
		for i := 0; i < fields.Len(); i++ {
			fd := fields.Get(i)
			goName := goFields[string(fd.Name())]
			if goName == "" {
				fail("no Go field for %s", fd.FullName())
			}
			label := "Label::Singular"
			kind := ""
			switch {
			case fd.IsMap():
				label = fmt.Sprintf("Label::Map(%s)", kindExpr(fd.MapKey()))
				kind = kindExpr(fd.MapValue())
			case fd.IsList():
				label = "Label::Repeated"
				kind = kindExpr(fd)
			default:
				kind = kindExpr(fd)
			}
			oneof := "None"
			if od := fd.ContainingOneof(); od != nil {
				oneof = fmt.Sprintf("Some(%d)", od.Index())
			}
			wrapper := "None"
			if w, ok := goWrappers[string(fd.Name())]; ok {
				wrapper = fmt.Sprintf("Some(%q)", w)
			}
			p("        FieldDescriptor { name: %q, json_name: %q, go_name: %q, go_type: %q, go_wrapper: %s, number: %d, kind: %s, label: %s, oneof: %s, has_presence: %v },\n",
				fd.Name(), fd.JSONName(), goName, goTypes[string(fd.Name())], wrapper, fd.Number(), kind, label, oneof, fd.HasPresence())
		}
		p("    ],\n};\n\n")
	}

	p("/// Every enum descriptor in this file, sorted by full name.\n")
	p("pub static ALL_ENUMS: &[&EnumDescriptor] = &[\n")
	for _, e := range c.enums {
		p("    &%s,\n", ident("ENUM_", e.FullName()))
	}
	p("];\n\n")
	p("/// Every message descriptor in this file, sorted by full name.\n")
	p("pub static ALL_MESSAGES: &[&MessageDescriptor] = &[\n")
	for _, id := range all {
		p("    &%s,\n", id)
	}
	p("];\n")
}

// apiVersion reports the istio.io/api module version this binary was built with.
func apiVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "istio.io/api" {
				return dep.Version
			}
		}
	}
	fail("istio.io/api version not found in build info")
	return ""
}
