//! Go-parity table for Sprig part B (numeric, semver, regex, paths, date, url, reflect, certificates, …):
//! each template was executed by Go 1.26 `text/template` with Sprig v3.3.0 (Masterminds/semver v3 HEAD,
//! spf13/cast v1.10.0) and its exact output or full error text recorded here. Only deterministic cases that do
//! not depend on the local time zone are included.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use gotmpl::{Templates, Value};

type Case = (&'static str, Result<&'static str, &'static str>);

const CASES: &[Case] = &[
    (
        r##"{{ semverCompare "1|2" "0.3.0" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1|2" "0.3.0">: error calling semverCompare: constraint parser error"##,
        ),
    ),
    (
        r##"{{ semverCompare "1|2" "1.2.4" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1|2" "1.2.4">: error calling semverCompare: constraint parser error"##,
        ),
    ),
    (
        r##"{{ semverCompare "1|2" "1.2" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1|2" "1.2">: error calling semverCompare: constraint parser error"##,
        ),
    ),
    (
        r##"{{ semverCompare "1|2" "v1.5" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1|2" "v1.5">: error calling semverCompare: constraint parser error"##,
        ),
    ),
    (
        r##"{{ semverCompare "1|2" "1.1.0" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1|2" "1.1.0">: error calling semverCompare: constraint parser error"##,
        ),
    ),
    (
        r##"{{ semverCompare "1|2" "0.2.5" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1|2" "0.2.5">: error calling semverCompare: constraint parser error"##,
        ),
    ),
    (
        r##"{{ semverCompare "1.2.3 -2.0" "0.0.3" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1.2.3 -2.0" "0.0.3">: error calling semverCompare: improper constraint: "1.2.3 -2.0""##,
        ),
    ),
    (
        r##"{{ semverCompare "1|2" "2.0.0" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1|2" "2.0.0">: error calling semverCompare: constraint parser error"##,
        ),
    ),
    (
        r##"{{ semverCompare "1.2.3 -2.0" "2.0.0" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1.2.3 -2.0" "2.0.0">: error calling semverCompare: improper constraint: "1.2.3 -2.0""##,
        ),
    ),
    (
        r##"{{ semverCompare "1.2.3 -2.0" "2.3.0" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1.2.3 -2.0" "2.3.0">: error calling semverCompare: improper constraint: "1.2.3 -2.0""##,
        ),
    ),
    (
        r##"{{ semverCompare "1.2.3 -2.0" "v1.5" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1.2.3 -2.0" "v1.5">: error calling semverCompare: improper constraint: "1.2.3 -2.0""##,
        ),
    ),
    (
        r##"{{ semverCompare "1|2" "1.3.0" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1|2" "1.3.0">: error calling semverCompare: constraint parser error"##,
        ),
    ),
    (
        r##"{{ semverCompare "1.2.3 -2.0" "1.2.3" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semverCompare "1.2.3 -2.0" "1.2.3">: error calling semverCompare: improper constraint: "1.2.3 -2.0""##,
        ),
    ),
    (r##"{{ semverCompare "^0.x" "1.2.3" }}"##, Ok(r##"false"##)),
    (
        r##"{{ semverCompare "=1.2.3" "1.1.0" }}"##,
        Ok(r##"false"##),
    ),
    (
        r##"{{ semverCompare "=1.2.3" "2.3.5" }}"##,
        Ok(r##"false"##),
    ),
    (r##"{{ semverCompare ">1.2" "0.0.3" }}"##, Ok(r##"false"##)),
    (
        r##"{{ semverCompare "<=1.2.3" "0.3.0" }}"##,
        Ok(r##"true"##),
    ),
    (
        r##"{{ semverCompare "~1.2.3" "0.2.5" }}"##,
        Ok(r##"false"##),
    ),
    (r##"{{ semverCompare "x" "0.0.0" }}"##, Ok(r##"true"##)),
    (
        r##"{{ semverCompare "> 1.2 < 1.5" "0.2.5" }}"##,
        Ok(r##"false"##),
    ),
    (
        r##"{{ semverCompare "=1.2.3" "1.2.3-beta.3" }}"##,
        Ok(r##"false"##),
    ),
    (
        r##"{{ semverCompare "1.2 - 2.3.4" "3.1.0" }}"##,
        Ok(r##"false"##),
    ),
    (r##"{{ semverCompare "<=1.x" "0.0.3" }}"##, Ok(r##"true"##)),
    (r##"{{ semverCompare "=<1.2" "0.0.0" }}"##, Ok(r##"true"##)),
    (r##"{{ semverCompare "v1.2.3" "1.2" }}"##, Ok(r##"false"##)),
    (r##"{{ semverCompare "=>1.2" "3.1.0" }}"##, Ok(r##"true"##)),
    (
        r##"{{ semverCompare "1.2 - 2.3.4" "1.2.3" }}"##,
        Ok(r##"true"##),
    ),
    (r##"{{ semverCompare "^1.x" "v1.5" }}"##, Ok(r##"true"##)),
    (
        r##"{{ semverCompare "<=1.2.3" "1.2.3-beta.3" }}"##,
        Ok(r##"false"##),
    ),
    (
        r##"{{ semverCompare "1.x" "1.2.3-beta.3" }}"##,
        Ok(r##"false"##),
    ),
    (
        r##"{{ semverCompare ">= 1.2, <= 1.5" "1.2.3-beta.3" }}"##,
        Ok(r##"false"##),
    ),
    (r##"{{ semverCompare "~1" "1.1.0" }}"##, Ok(r##"true"##)),
    (
        r##"{{ semverCompare ">=1.2,<2" "1.2.3" }}"##,
        Ok(r##"true"##),
    ),
    (r##"{{ semverCompare "1.2.3" "0.0.4" }}"##, Ok(r##"false"##)),
    (
        r##"{{ semverCompare "<2.0.0-0" "2.0.0" }}"##,
        Ok(r##"false"##),
    ),
    (
        r##"{{ semverCompare " >= 1.2 " "v1.5" }}"##,
        Ok(r##"true"##),
    ),
    (
        r##"{{ semverCompare "<1.2.3" "1.2.4" }}"##,
        Ok(r##"false"##),
    ),
    (r##"{{ semverCompare "=>1.2" "2.3.5" }}"##, Ok(r##"true"##)),
    (
        r##"{{ semverCompare "^0.2.3" "0.0.4" }}"##,
        Ok(r##"false"##),
    ),
    (
        r##"{{ mustRegexFindAll "\\8" "<a>" -1 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFindAll "\\8" "<a>" -1>: error calling mustRegexFindAll: error parsing regexp: invalid escape sequence: `\8`"##,
        ),
    ),
    (
        r##"{{ mustRegexReplaceAll "[a" "*.*x" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexReplaceAll "[a" "*.*x" "<$1|${first}|$$|$0x|${2}>">: error calling mustRegexReplaceAll: error parsing regexp: missing closing ]: `[a`"##,
        ),
    ),
    (
        r##"{{ mustRegexReplaceAll "a)" "*.*x" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexReplaceAll "a)" "*.*x" "<$1|${first}|$$|$0x|${2}>">: error calling mustRegexReplaceAll: error parsing regexp: unexpected ): `a)`"##,
        ),
    ),
    (
        r##"{{ mustRegexReplaceAll "\\p{Foo}" "h\u00e9\u00e9" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexReplaceAll "\\p{Foo}" "h\u00e9\u00e9" "<$1|${first}|$$|$0x|${2}>">: error calling mustRegexReplaceAll: error parsing regexp: invalid character class range: `\p{Foo}`"##,
        ),
    ),
    (
        r##"{{ mustRegexSplit "\\1" "*.*x" 2 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexSplit "\\1" "*.*x" 2>: error calling mustRegexSplit: error parsing regexp: invalid escape sequence: `\1`"##,
        ),
    ),
    (
        r##"{{ mustRegexSplit "(" "<a>" 2 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexSplit "(" "<a>" 2>: error calling mustRegexSplit: error parsing regexp: missing closing ): `(`"##,
        ),
    ),
    (
        r##"{{ mustRegexReplaceAll "(" "]a]" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexReplaceAll "(" "]a]" "<$1|${first}|$$|$0x|${2}>">: error calling mustRegexReplaceAll: error parsing regexp: missing closing ): `(`"##,
        ),
    ),
    (
        r##"{{ mustRegexSplit "x{1001}" "STRASSE stra\u00dfe" 2 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexSplit "x{1001}" "STRASSE stra\u00dfe" 2>: error calling mustRegexSplit: error parsing regexp: invalid repeat count: `{1001}`"##,
        ),
    ),
    (
        r##"{{ mustRegexSplit "(" "*.*x" -1 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexSplit "(" "*.*x" -1>: error calling mustRegexSplit: error parsing regexp: missing closing ): `(`"##,
        ),
    ),
    (
        r##"{{ mustRegexReplaceAll "x{1001}" "" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexReplaceAll "x{1001}" "" "<$1|${first}|$$|$0x|${2}>">: error calling mustRegexReplaceAll: error parsing regexp: invalid repeat count: `{1001}`"##,
        ),
    ),
    (
        r##"{{ mustRegexReplaceAll "a{2}*" "foo foo.bar" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexReplaceAll "a{2}*" "foo foo.bar" "<$1|${first}|$$|$0x|${2}>">: error calling mustRegexReplaceAll: error parsing regexp: invalid nested repetition operator: `{2}*`"##,
        ),
    ),
    (
        r##"{{ mustRegexSplit "\\1" "&&~~" 2 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexSplit "\\1" "&&~~" 2>: error calling mustRegexSplit: error parsing regexp: invalid escape sequence: `\1`"##,
        ),
    ),
    (
        r##"{{ mustRegexFindAll "(?P<>a)" "abcd" -1 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFindAll "(?P<>a)" "abcd" -1>: error calling mustRegexFindAll: error parsing regexp: invalid named capture: `(?P<>`"##,
        ),
    ),
    (
        r##"{{ mustRegexSplit "\\8" "a-b_c" -1 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexSplit "\\8" "a-b_c" -1>: error calling mustRegexSplit: error parsing regexp: invalid escape sequence: `\8`"##,
        ),
    ),
    (
        r##"{{ mustRegexReplaceAll "a{2}{3}" "]a]" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexReplaceAll "a{2}{3}" "]a]" "<$1|${first}|$$|$0x|${2}>">: error calling mustRegexReplaceAll: error parsing regexp: invalid nested repetition operator: `{2}{3}`"##,
        ),
    ),
    (
        r##"{{ mustRegexFindAll "a**" "&&~~" -1 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFindAll "a**" "&&~~" -1>: error calling mustRegexFindAll: error parsing regexp: invalid nested repetition operator: `**`"##,
        ),
    ),
    (
        r##"{{ mustRegexSplit "\\p{Foo}" "foo foo.bar" 2 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexSplit "\\p{Foo}" "foo foo.bar" 2>: error calling mustRegexSplit: error parsing regexp: invalid character class range: `\p{Foo}`"##,
        ),
    ),
    (
        r##"{{ mustRegexSplit "?" "<a>" 2 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexSplit "?" "<a>" 2>: error calling mustRegexSplit: error parsing regexp: missing argument to repetition operator: `?`"##,
        ),
    ),
    (
        r##"{{ mustRegexFindAll "(?P<n>" "" -1 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFindAll "(?P<n>" "" -1>: error calling mustRegexFindAll: error parsing regexp: missing closing ): `(?P<n>`"##,
        ),
    ),
    (
        r##"{{ mustRegexReplaceAll "[a" "aaa" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexReplaceAll "[a" "aaa" "<$1|${first}|$$|$0x|${2}>">: error calling mustRegexReplaceAll: error parsing regexp: missing closing ]: `[a`"##,
        ),
    ),
    (
        r##"{{ mustRegexReplaceAll "[\\w-]+" "a-b_c" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Ok(r##"<||$||>"##),
    ),
    (
        r##"{{ mustRegexReplaceAll "\\bfoo\\b" "x1 22 333" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Ok(r##"x1 22 333"##),
    ),
    (
        r##"{{ mustRegexFindAll "()" "aaa" -1 }}"##,
        Ok(r##"[   ]"##),
    ),
    (
        r##"{{ mustRegexReplaceAll "[a-]+" "<a>" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Ok(r##"<<||$||>>"##),
    ),
    (
        r##"{{ mustRegexFindAll "a*?" "foo foo.bar" -1 }}"##,
        Ok(r##"[           ]"##),
    ),
    (r##"{{ mustRegexFindAll "\\B" "]a]" -1 }}"##, Ok(r##"[ ]"##)),
    (
        r##"{{ mustRegexReplaceAll "\\Q*.*\\E" "x1 22 333" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Ok(r##"x1 22 333"##),
    ),
    (
        r##"{{ mustRegexSplit "(?i)K" "&&~~" -1 }}"##,
        Ok(r##"[&&~~]"##),
    ),
    (
        r##"{{ mustRegexSplit "[^a-c]+" "\u263a A" 2 }}"##,
        Ok(r##"[ ]"##),
    ),
    (
        r##"{{ mustRegexSplit "[\\[\\]]+" "x1 22 333" -1 }}"##,
        Ok(r##"[x1 22 333]"##),
    ),
    (
        r##"{{ mustRegexFindAll "[\\d\\s]+" "<a>" -1 }}"##,
        Ok(r##"[]"##),
    ),
    (r##"{{ mustRegexFindAll "\\d+" "aaa" -1 }}"##, Ok(r##"[]"##)),
    (
        r##"{{ mustRegexFindAll "\\z" "a-b_c" -1 }}"##,
        Ok(r##"[]"##),
    ),
    (
        r##"{{ mustRegexSplit "a{2,3}" "x1 22 333" -1 }}"##,
        Ok(r##"[x1 22 333]"##),
    ),
    (
        r##"{{ mustRegexSplit "[a-]+" "a-b_c" -1 }}"##,
        Ok(r##"[ b_c]"##),
    ),
    (
        r##"{{ mustRegexReplaceAll "\\bfoo\\b" "STRASSE stra\u00dfe" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Ok(r##"STRASSE straße"##),
    ),
    (
        r##"{{ mustRegexSplit "a{2,3}" "*.*x" -1 }}"##,
        Ok(r##"[*.*x]"##),
    ),
    (
        r##"{{ mustRegexSplit "x*" "&&~~" 2 }}"##,
        Ok(r##"[& &~~]"##),
    ),
    (
        r##"{{ mustRegexSplit "[\\w-]+" "John Smith" 2 }}"##,
        Ok(r##"[  Smith]"##),
    ),
    (
        r##"{{ mustRegexFindAll "(?P<first>\\w+) (?P<last>\\w+)" "<a>" -1 }}"##,
        Ok(r##"[]"##),
    ),
    (
        r##"{{ mustRegexSplit "(?s:.)+" "a-b_c" 2 }}"##,
        Ok(r##"[ ]"##),
    ),
    (
        r##"{{ mustRegexReplaceAll "a*?" "<a>" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Ok(r##"<||$||><<||$||>a<||$||>><||$||>"##),
    ),
    (
        r##"{{ mustRegexSplit "\\Q*.*\\E" "John Smith" -1 }}"##,
        Ok(r##"[John Smith]"##),
    ),
    (
        r##"{{ mustRegexFindAll "(?m)^\\w+$" "ab\nab" -1 }}"##,
        Ok(r##"[ab ab]"##),
    ),
    (
        r##"{{ mustRegexFindAll "\\Q*.*\\E" "\u263a A" -1 }}"##,
        Ok(r##"[]"##),
    ),
    (
        r##"{{ mustRegexFindAll "(a)(b)?" "\u263a A" -1 }}"##,
        Ok(r##"[]"##),
    ),
    (
        r##"{{ mustRegexFindAll "\\pL+" "aaa" -1 }}"##,
        Ok(r##"[aaa]"##),
    ),
    (r##"{{ mustRegexFindAll "\\A" "" -1 }}"##, Ok(r##"[]"##)),
    (
        r##"{{ mustRegexFindAll "a{3" "ab\nab" -1 }}"##,
        Ok(r##"[]"##),
    ),
    (
        r##"{{ mustRegexSplit "[\\[\\]]+" "aaa" 2 }}"##,
        Ok(r##"[aaa]"##),
    ),
    (
        r##"{{ mustRegexSplit "\\A" "\u263a A" -1 }}"##,
        Ok(r##"[☺ A]"##),
    ),
    (
        r##"{{ mustRegexSplit "(?:)" "John Smith" 2 }}"##,
        Ok(r##"[J ohn Smith]"##),
    ),
    (
        r##"{{ mustRegexFindAll "[\\d\\s]+" "h\u00e9\u00e9" -1 }}"##,
        Ok(r##"[]"##),
    ),
    (
        r##"{{ mustRegexSplit "\\W+" "\u263a A" 2 }}"##,
        Ok(r##"[ A]"##),
    ),
    (
        r##"{{ mustRegexSplit "a*?" "*.*x" -1 }}"##,
        Ok(r##"[* . * x]"##),
    ),
    (
        r##"{{ mustRegexReplaceAll "(?i)stra\u00dfe" "John Smith" "<$1|${first}|$$|$0x|${2}>" }}"##,
        Ok(r##"John Smith"##),
    ),
    (
        r##"{{ mustRegexFindAll "a|" "\u263a A" -1 }}"##,
        Ok(r##"[   ]"##),
    ),
    (
        r##"{{ mustRegexSplit "\\pN+" "ab\nab" -1 }}"##,
        Ok(r##"[ab
ab]"##),
    ),
    (
        r##"{{ mustRegexSplit "a{,3}" "a-b_c" -1 }}"##,
        Ok(r##"[a-b_c]"##),
    ),
    (
        r##"{{ mustRegexSplit "(?m)^\\w+$" "ab\nab" 2 }}"##,
        Ok(r##"[ 
ab]"##),
    ),
    (
        r##"{{ mustRegexFind "\\x4" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "\\x4" "">: error calling mustRegexFind: error parsing regexp: invalid escape sequence: `\x4`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "(?i:" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "(?i:" "">: error calling mustRegexFind: error parsing regexp: missing closing ): `(?i:`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "\\p" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "\\p" "">: error calling mustRegexFind: error parsing regexp: invalid character class range: `\p`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "a{1001}" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "a{1001}" "">: error calling mustRegexFind: error parsing regexp: invalid repeat count: `{1001}`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "\\pX" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "\\pX" "">: error calling mustRegexFind: error parsing regexp: invalid character class range: `\pX`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "[a-\\d]" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "[a-\\d]" "">: error calling mustRegexFind: error parsing regexp: invalid escape sequence: `\d`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "[[:foo:]]" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "[[:foo:]]" "">: error calling mustRegexFind: error parsing regexp: invalid character class range: `[:foo:]`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "[\\b]" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "[\\b]" "">: error calling mustRegexFind: error parsing regexp: invalid escape sequence: `\b`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "\\e" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "\\e" "">: error calling mustRegexFind: error parsing regexp: invalid escape sequence: `\e`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "(?-)" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "(?-)" "">: error calling mustRegexFind: error parsing regexp: invalid or unsupported Perl syntax: `(?-)`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "(?z:a)" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "(?z:a)" "">: error calling mustRegexFind: error parsing regexp: invalid or unsupported Perl syntax: `(?z`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "(?:a" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "(?:a" "">: error calling mustRegexFind: error parsing regexp: missing closing ): `(?:a`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "(?P=n)" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "(?P=n)" "">: error calling mustRegexFind: error parsing regexp: invalid or unsupported Perl syntax: `(?P`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "(?<n" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "(?<n" "">: error calling mustRegexFind: error parsing regexp: invalid named capture: `(?<n`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "(?--i)" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "(?--i)" "">: error calling mustRegexFind: error parsing regexp: invalid or unsupported Perl syntax: `(?--`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "\\p{L" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "\\p{L" "">: error calling mustRegexFind: error parsing regexp: invalid character class range: `\p{L`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "(?i-)" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "(?i-)" "">: error calling mustRegexFind: error parsing regexp: invalid or unsupported Perl syntax: `(?i-)`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "(a)\\1" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "(a)\\1" "">: error calling mustRegexFind: error parsing regexp: invalid escape sequence: `\1`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "[\\Q]\\E]" "]" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "[\\Q]\\E]" "]">: error calling mustRegexFind: error parsing regexp: invalid escape sequence: `\Q`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "(?i" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "(?i" "">: error calling mustRegexFind: error parsing regexp: invalid or unsupported Perl syntax: `(?i`"##,
        ),
    ),
    (
        r##"{{ mustRegexFind "\\x{110000}" "" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustRegexFind "\\x{110000}" "">: error calling mustRegexFind: error parsing regexp: invalid escape sequence: `\x{110000`"##,
        ),
    ),
    (r##"{{ mustRegexFind "\\v\\f" "" }}"##, Ok(r##""##)),
    (r##"{{ mustRegexFind "\\Qab" "ab" }}"##, Ok(r##"ab"##)),
    (
        r##"{{ mustRegexFind "x{2}{,3}" "xx{,3}" }}"##,
        Ok(r##"xx{,3}"##),
    ),
    (
        r##"{{ mustRegexReplaceAll "(?P<n>a)|(?P<n>b)" "ab" "[$n]" }}"##,
        Ok(r##"[a][b]"##),
    ),
    (
        r##"{{ mustRegexFind "\\p{^Greek}+" "abα" }}"##,
        Ok(r##"ab"##),
    ),
    (r##"{{ mustRegexFind "^*" "" }}"##, Ok(r##""##)),
    (r##"{{ mustRegexFind "\\p{greek}" "" }}"##, Ok(r##""##)),
    (r##"{{ mustRegexFind "(|a)*" "aa" }}"##, Ok(r##""##)),
    (r##"{{ mustRegexFind "\\P{^Greek}" "aα" }}"##, Ok(r##"α"##)),
    (r##"{{ mustRegexFind "$+" "" }}"##, Ok(r##""##)),
    (r##"{{ mustRegexFind "[a-b-c]+" "c-" }}"##, Ok(r##"c-"##)),
    (r##"{{ mustRegexFind "(?i)(?-i)" "" }}"##, Ok(r##""##)),
    (r##"{{ mustRegexFind "(?i-s:a)" "A" }}"##, Ok(r##"A"##)),
    (r##"{{ mustRegexFind "(?)" "" }}"##, Ok(r##""##)),
    (r##"{{ mustRegexFind "a{1000}" "" }}"##, Ok(r##""##)),
    (
        r##"{{ urlParse "http://%41/" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <urlParse "http://%41/">: error calling urlParse: unable to parse url: parse "http://%41/": invalid URL escape "%41""##,
        ),
    ),
    (
        r##"{{ urlParse "http://h/#%zz" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <urlParse "http://h/#%zz">: error calling urlParse: unable to parse url: parse "http://h/#%zz": invalid URL escape "%zz""##,
        ),
    ),
    (
        r##"{{ urlParse "%%" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <urlParse "%%">: error calling urlParse: unable to parse url: parse "%%": invalid URL escape "%%""##,
        ),
    ),
    (
        r##"{{ urlParse "http://h/%zz" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <urlParse "http://h/%zz">: error calling urlParse: unable to parse url: parse "http://h/%zz": invalid URL escape "%zz""##,
        ),
    ),
    (
        r##"{{ urlParse "http://u p@h" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <urlParse "http://u p@h">: error calling urlParse: unable to parse url: parse "http://u p@h": net/url: invalid userinfo"##,
        ),
    ),
    (
        r##"{{ urlParse "http://h:x/" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <urlParse "http://h:x/">: error calling urlParse: unable to parse url: parse "http://h:x/": invalid port ":x" after host"##,
        ),
    ),
    (
        r##"{{ urlParse "http://h:/" }}"##,
        Ok(r##"map[fragment: host:h: hostname:h opaque: path:/ query: scheme:http userinfo:]"##),
    ),
    (
        r##"{{ urlParse "http://h/x%20y#a%20b" }}"##,
        Ok(
            r##"map[fragment:a b host:h hostname:h opaque: path:/x y query: scheme:http userinfo:]"##,
        ),
    ),
    (
        r##"{{ urlParse "http://h/ x" }}"##,
        Ok(r##"map[fragment: host:h hostname:h opaque: path:/ x query: scheme:http userinfo:]"##),
    ),
    (
        r##"{{ urlParse "" }}"##,
        Ok(r##"map[fragment: host: hostname: opaque: path: query: scheme: userinfo:]"##),
    ),
    (
        r##"{{ urlParse "*" }}"##,
        Ok(r##"map[fragment: host: hostname: opaque: path:* query: scheme: userinfo:]"##),
    ),
    (
        r##"{{ urlParse "http://h\u00e9/" }}"##,
        Ok(r##"map[fragment: host:hé hostname:hé opaque: path:/ query: scheme:http userinfo:]"##),
    ),
    (
        r##"{{ urlParse "mailto:a@b.c" }}"##,
        Ok(r##"map[fragment: host: hostname: opaque:a@b.c path: query: scheme:mailto userinfo:]"##),
    ),
    (
        r##"{{ urlParse "http://h?a?b" }}"##,
        Ok(r##"map[fragment: host:h hostname:h opaque: path: query:a?b scheme:http userinfo:]"##),
    ),
    (
        r##"{{ urlParse "http:foo/bar" }}"##,
        Ok(r##"map[fragment: host: hostname: opaque:foo/bar path: query: scheme:http userinfo:]"##),
    ),
    (
        r##"{{ urlParse "http://h/?q=a+b" }}"##,
        Ok(
            r##"map[fragment: host:h hostname:h opaque: path:/ query:q=a+b scheme:http userinfo:]"##,
        ),
    ),
    (
        r##"{{ urlParse "http://u@h" }}"##,
        Ok(r##"map[fragment: host:h hostname:h opaque: path: query: scheme:http userinfo:u]"##),
    ),
    (
        r##"{{ urlParse "HTTP://H/%7e" }}"##,
        Ok(r##"map[fragment: host:H hostname:H opaque: path:/~ query: scheme:http userinfo:]"##),
    ),
    (
        r##"{{ urlParse "/a b" }}"##,
        Ok(r##"map[fragment: host: hostname: opaque: path:/a b query: scheme: userinfo:]"##),
    ),
    (
        r##"{{ urlParse "https://user:pw@host.io:8080/p/a?q=1#frag" }}"##,
        Ok(
            r##"map[fragment:frag host:host.io:8080 hostname:host.io opaque: path:/p/a query:q=1 scheme:https userinfo:user:pw]"##,
        ),
    ),
    (
        r##"{{ mustToDate "2006-01-02" "2023-02-29" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustToDate "2006-01-02" "2023-02-29">: error calling mustToDate: parsing time "2023-02-29": day out of range"##,
        ),
    ),
    (
        r##"{{ mustToDate "3:04PM" "13:04PM" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustToDate "3:04PM" "13:04PM">: error calling mustToDate: parsing time "13:04PM": hour out of range"##,
        ),
    ),
    (
        r##"{{ mustToDate "Monday Jan 2 2006" "Thurs May 4 2023" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustToDate "Monday Jan 2 2006" "Thurs May 4 2023">: error calling mustToDate: parsing time "Thurs May 4 2023" as "Monday Jan 2 2006": cannot parse "Thurs May 4 2023" as "Monday""##,
        ),
    ),
    (
        r##"{{ mustToDate "2006-01-02" "bad" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustToDate "2006-01-02" "bad">: error calling mustToDate: parsing time "bad" as "2006-01-02": cannot parse "bad" as "2006""##,
        ),
    ),
    (
        r##"{{ mustToDate "2006-01-02 15:04:05" "2023-05-04 25:00:00" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustToDate "2006-01-02 15:04:05" "2023-05-04 25:00:00">: error calling mustToDate: parsing time "2023-05-04 25:00:00": hour out of range"##,
        ),
    ),
    (
        r##"{{ mustToDate "2006-01-02" "2023-05-04x" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustToDate "2006-01-02" "2023-05-04x">: error calling mustToDate: parsing time "2023-05-04x": extra text: "x""##,
        ),
    ),
    (
        r##"{{ mustToDate "2006-1-2" "2023-13-4" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustToDate "2006-1-2" "2023-13-4">: error calling mustToDate: parsing time "2023-13-4": month out of range"##,
        ),
    ),
    (
        r##"{{ mustToDate "15:04" "1:2" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mustToDate "15:04" "1:2">: error calling mustToDate: parsing time "1:2" as "15:04": cannot parse "2" as "04""##,
        ),
    ),
    (r##"{{ durationRound "5.s" }}"##, Ok(r##"5s"##)),
    (
        r##"{{ dateInZone "Jan 2 2006" (int64 2000000000) "Bad/Zone" }}"##,
        Ok(r##"May 18 2033"##),
    ),
    (r##"{{ durationRound "100ns" }}"##, Ok(r##"0s"##)),
    (
        r##"{{ dateInZone "Monday, 02-Jan-06 3:04:05 PM Z07:00" (int64 1683158400) "UTC" }}"##,
        Ok(r##"Thursday, 04-May-23 12:00:00 AM Z"##),
    ),
    (
        r##"{{ dateInZone "January pm PM 03 3 4 04 5 05" (int64 1683158400) "" }}"##,
        Ok(r##"May am AM 12 12 0 00 0 00"##),
    ),
    (r##"{{ duration "-99999999999999999999" }}"##, Ok(r##"0s"##)),
    (
        r##"{{ dateInZone "2006-01-02T15:04:05Z07:00" (int64 86399) "" }}"##,
        Ok(r##"1970-01-01T23:59:59Z"##),
    ),
    (
        r##"{{ dateInZone "Jan 2 2006" (int64 1683158400) "UTC" }}"##,
        Ok(r##"May 4 2023"##),
    ),
    (
        r##"{{ dateInZone "Janx Monx MST_2006" (int64 -62135596800) "" }}"##,
        Ok(r##"Janx Monx UTC_0001"##),
    ),
    (
        r##"{{ dateInZone "Jan 2 2006" (int64 -1) "Bad/Zone" }}"##,
        Ok(r##"Dec 31 1969"##),
    ),
    (
        r##"{{ dateInZone "2006-01-02 15:04:05.999999999 -0700 MST" (int64 0) "UTC" }}"##,
        Ok(r##"1970-01-01 00:00:00 +0000 UTC"##),
    ),
    (
        r##"{{ dateInZone "January pm PM 03 3 4 04 5 05" (int64 -62135596800) "UTC" }}"##,
        Ok(r##"January am AM 12 12 0 00 0 00"##),
    ),
    (r##"{{ durationRound "" }}"##, Ok(r##"0s"##)),
    (
        r##"{{ dateInZone "2006-01-02 15:04:05.999999999 -0700 MST" (int64 -1) "UTC" }}"##,
        Ok(r##"1969-12-31 23:59:59 +0000 UTC"##),
    ),
    (
        r##"{{ dateInZone "Monday, 02-Jan-06 3:04:05 PM Z07:00" (int64 -1) "UTC" }}"##,
        Ok(r##"Wednesday, 31-Dec-69 11:59:59 PM Z"##),
    ),
    (
        r##"{{ dateInZone "Janx Monx MST_2006" (int64 951782400) "" }}"##,
        Ok(r##"Janx Monx UTC_2000"##),
    ),
    (
        r##"{{ dateInZone "January pm PM 03 3 4 04 5 05" (int64 1700000000) "Bad/Zone" }}"##,
        Ok(r##"November pm PM 10 10 13 13 20 20"##),
    ),
    (
        r##"{{ dateInZone "__2 002 .000 ,999 -07 -07:00:00 Z070000" (int64 0) "" }}"##,
        Ok(r##"  1 001 .000  +00 +00:00:00 Z"##),
    ),
    (
        r##"{{ dateInZone "Mon Jan _2 15:04:05 2006" (int64 86399) "" }}"##,
        Ok(r##"Thu Jan  1 23:59:59 1970"##),
    ),
    (
        r##"{{ dateInZone "__2 002 .000 ,999 -07 -07:00:00 Z070000" (int64 86399) "UTC" }}"##,
        Ok(r##"  1 001 .000  +00 +00:00:00 Z"##),
    ),
    (
        r##"{{ dateInZone "Mon Jan _2 15:04:05 2006" (int64 951782400) "Bad/Zone" }}"##,
        Ok(r##"Tue Feb 29 00:00:00 2000"##),
    ),
    (
        r##"{{ dateInZone "2006-01-02 15:04:05.999999999 -0700 MST" (int64 -62135596800) "UTC" }}"##,
        Ok(r##"0001-01-01 00:00:00 +0000 UTC"##),
    ),
    (
        r##"{{ dateInZone "Janx Monx MST_2006" (int64 2000000000) "Bad/Zone" }}"##,
        Ok(r##"Janx Monx UTC_2033"##),
    ),
    (
        r##"{{ dateInZone "__2 002 .000 ,999 -07 -07:00:00 Z070000" (int64 86399) "Bad/Zone" }}"##,
        Ok(r##"  1 001 .000  +00 +00:00:00 Z"##),
    ),
    (
        r##"{{ dateInZone "15:04:05.000000" (int64 951782400) "Bad/Zone" }}"##,
        Ok(r##"00:00:00.000000"##),
    ),
    (
        r##"{{ dateInZone "2006-01-02 15:04:05.999999999 -0700 MST" (int64 951782400) "" }}"##,
        Ok(r##"2000-02-29 00:00:00 +0000 UTC"##),
    ),
    (
        r##"{{ dateInZone "15:04:05.000000" (int64 0) "" }}"##,
        Ok(r##"00:00:00.000000"##),
    ),
    (
        r##"{{ mod true nil }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mod true nil>: error calling mod: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ mod 3 "  5" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mod 3 "  5">: error calling mod: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ div -3.75 0 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <div -3.75 0>: error calling div: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ mod 1e308 -0 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mod 1e308 -0>: error calling mod: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ mod -9223372036854775808 0 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mod -9223372036854775808 0>: error calling mod: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ div "1e3" 1e-20 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <div "1e3" 1e-20>: error calling div: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ mod "abc" 0.2 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mod "abc" 0.2>: error calling mod: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ divf 123456789.123456789 "1e3" -0 9223372036854775807 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <divf 123456789.123456789 "1e3" -0 9223372036854775807>: error calling divf: decimal division by 0"##,
        ),
    ),
    (
        r##"{{ div 2.2 0.7 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <div 2.2 0.7>: error calling div: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ mod 9223372036854775807 0.3 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mod 9223372036854775807 0.3>: error calling mod: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ div 0.1 0 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <div 0.1 0>: error calling div: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ mod -9223372036854775808 0.1 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mod -9223372036854775808 0.1>: error calling mod: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ div 1e308 nil }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <div 1e308 nil>: error calling div: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ div "0x10" -0 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <div "0x10" -0>: error calling div: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ mod 5e-324 "  5" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <mod 5e-324 "  5">: error calling mod: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ div 2.2 1e-20 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <div 2.2 1e-20>: error calling div: runtime error: integer divide by zero"##,
        ),
    ),
    (
        r##"{{ floor 9223372036854775807 }}"##,
        Ok(r##"9.223372036854776e+18"##),
    ),
    (r##"{{ round 123.456 0 0.3 }}"##, Ok(r##"124"##)),
    (r##"{{ div 2.5 1e20 }}"##, Ok(r##"0"##)),
    (
        r##"{{ mulf 9223372036854775807 -9223372036854775808 -0 -9223372036854775808 }}"##,
        Ok(r##"0"##),
    ),
    (r##"{{ max 2.2 }}"##, Ok(r##"2"##)),
    (r##"{{ floor 1e20 }}"##, Ok(r##"1e+20"##)),
    (
        r##"{{ subf 0.2 "abc" 123456789.123456789 123456789.123456789 }}"##,
        Ok(r##"-2.469135780469136e+08"##),
    ),
    (r##"{{ ceil "0x10" }}"##, Ok(r##"0"##)),
    (r##"{{ minf 0.1 nil }}"##, Ok(r##"0"##)),
    (r##"{{ floor 0.3 }}"##, Ok(r##"0"##)),
    (r##"{{ addf 5e-324 nil }}"##, Ok(r##"5e-324"##)),
    (
        r##"{{ add -9223372036854775808 }}"##,
        Ok(r##"-9223372036854775808"##),
    ),
    (r##"{{ mul 1.5 true }}"##, Ok(r##"1"##)),
    (r##"{{ add true 7 0.7 }}"##, Ok(r##"8"##)),
    (r##"{{ divf 0 true 1e20 }}"##, Ok(r##"0"##)),
    (r##"{{ mulf 1e308 1e20 }}"##, Ok(r##"+Inf"##)),
    (r##"{{ sub 1.5 1e-20 }}"##, Ok(r##"1"##)),
    (r##"{{ minf 3 nil -0 1.5 }}"##, Ok(r##"0"##)),
    (r##"{{ add1f 0.1 }}"##, Ok(r##"1.1"##)),
    (r##"{{ subf "  5" 1e20 -0 -3.75 }}"##, Ok(r##"-1e+20"##)),
    (r##"{{ sub 2.2 3 }}"##, Ok(r##"-1"##)),
    (r##"{{ add1f 0 }}"##, Ok(r##"1"##)),
    (r##"{{ minf -3.75 1e308 }}"##, Ok(r##"-3.75"##)),
    (r##"{{ round 1.005 2 }}"##, Ok(r##"1"##)),
    (r##"{{ mul true 1e20 "2.4" }}"##, Ok(r##"0"##)),
    (r##"{{ mul 2.2 1.1 0.7 "2.4" }}"##, Ok(r##"0"##)),
    (r##"{{ sub nil 1e20 }}"##, Ok(r##"-9223372036854775808"##)),
    (r##"{{ ceil 1.1 }}"##, Ok(r##"2"##)),
    (r##"{{ ceil 0 }}"##, Ok(r##"0"##)),
    (
        r##"{{ add1f -9223372036854775808 }}"##,
        Ok(r##"-9.223372036854776e+18"##),
    ),
    (r##"{{ subf -0 0 "  5" }}"##, Ok(r##"0"##)),
    (r##"{{ minf "0x10" 0.3 }}"##, Ok(r##"0"##)),
    (r##"{{ add1 5e-324 }}"##, Ok(r##"1"##)),
    (
        r##"{{ addf 9223372036854775807 }}"##,
        Ok(r##"9.223372036854776e+18"##),
    ),
    (
        r##"{{ (semver "v").Original }}"##,
        Err(
            r##"template: t:1:4: executing "t" at <semver "v">: error calling semver: invalid semantic version"##,
        ),
    ),
    (
        r##"{{ (semver "1.2.3+meta..bad").Original }}"##,
        Err(
            r##"template: t:1:4: executing "t" at <semver "1.2.3+meta..bad">: error calling semver: invalid semantic version"##,
        ),
    ),
    (
        r##"{{ semver "99999999999999999999.0.0" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semver "99999999999999999999.0.0">: error calling semver: error parsing version segment: strconv.ParseUint: parsing "99999999999999999999": value out of range"##,
        ),
    ),
    (
        r##"{{ semver "1.2.3+meta..bad" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semver "1.2.3+meta..bad">: error calling semver: invalid semantic version"##,
        ),
    ),
    (
        r##"{{ (semver "1.2.3-").Original }}"##,
        Err(
            r##"template: t:1:4: executing "t" at <semver "1.2.3-">: error calling semver: invalid semantic version"##,
        ),
    ),
    (
        r##"{{ (semver "99999999999999999999.0.0").Original }}"##,
        Err(
            r##"template: t:1:4: executing "t" at <semver "99999999999999999999.0.0">: error calling semver: error parsing version segment: strconv.ParseUint: parsing "99999999999999999999": value out of range"##,
        ),
    ),
    (
        r##"{{ semver "1.2.3-" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semver "1.2.3-">: error calling semver: invalid semantic version"##,
        ),
    ),
    (
        r##"{{ (semver "1.2.3.4").Original }}"##,
        Err(
            r##"template: t:1:4: executing "t" at <semver "1.2.3.4">: error calling semver: invalid semantic version"##,
        ),
    ),
    (
        r##"{{ semver "v" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semver "v">: error calling semver: invalid semantic version"##,
        ),
    ),
    (
        r##"{{ semver "1.2.3.4" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <semver "1.2.3.4">: error calling semver: invalid semantic version"##,
        ),
    ),
    (
        r##"{{ (semver "").Original }}"##,
        Err(
            r##"template: t:1:4: executing "t" at <semver "">: error calling semver: invalid semantic version"##,
        ),
    ),
    (
        r##"{{ (semver "1.2.3-a..b").Original }}"##,
        Err(
            r##"template: t:1:4: executing "t" at <semver "1.2.3-a..b">: error calling semver: invalid semantic version"##,
        ),
    ),
    (
        r##"{{ (semver "1.2.3-01").Original }}"##,
        Err(
            r##"template: t:1:4: executing "t" at <semver "1.2.3-01">: error calling semver: version segment starts with 0"##,
        ),
    ),
    (r##"{{ osExt "a/" }}"##, Ok(r##""##)),
    (r##"{{ osIsAbs "a/" }}"##, Ok(r##"false"##)),
    (r##"{{ base "../../x/../y" }}"##, Ok(r##"y"##)),
    (r##"{{ dir "a\\b" }}"##, Ok(r##"."##)),
    (r##"{{ osDir "./" }}"##, Ok(r##"."##)),
    (r##"{{ base "./" }}"##, Ok(r##"."##)),
    (r##"{{ seq 0 2 10 }}"##, Ok(r##"0 2 4 6 8 10"##)),
    (r##"{{ osClean "//" }}"##, Ok(r##"/"##)),
    (r##"{{ base "/a/" }}"##, Ok(r##"a"##)),
    (r##"{{ dir "a" }}"##, Ok(r##"."##)),
    (r##"{{ osDir "/." }}"##, Ok(r##"/"##)),
    (r##"{{ ext "x/y/" }}"##, Ok(r##""##)),
    (r##"{{ osBase "/a/" }}"##, Ok(r##"a"##)),
    (r##"{{ osClean "..." }}"##, Ok(r##"..."##)),
    (r##"{{ osExt "a/../.." }}"##, Ok(r##"."##)),
    (r##"{{ osClean "a/../.." }}"##, Ok(r##".."##)),
    (r##"{{ osIsAbs "../../x/../y" }}"##, Ok(r##"false"##)),
    (r##"{{ dir "./a" }}"##, Ok(r##"."##)),
    (r##"{{ osExt "/../a" }}"##, Ok(r##""##)),
    (r##"{{ osDir "a/" }}"##, Ok(r##"a"##)),
    (r##"{{ untilStep 5 5 1 }}"##, Ok(r##"[]"##)),
    (r##"{{ osExt "a/./b/." }}"##, Ok(r##"."##)),
    (r##"{{ ext "a//b" }}"##, Ok(r##""##)),
    (r##"{{ ext "../../x/../y" }}"##, Ok(r##""##)),
    (r##"{{ seq 5 2 }}"##, Ok(r##"5 4 3 2"##)),
    (r##"{{ osIsAbs "/" }}"##, Ok(r##"true"##)),
    (r##"{{ ext "a/./b/." }}"##, Ok(r##"."##)),
    (
        r##"{{ regexReplaceAllLiteral "(" "abc" "x" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <regexReplaceAllLiteral "(" "abc" "x">: error calling regexReplaceAllLiteral: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"##,
        ),
    ),
    (
        r##"{{ regexFind "(" "abc" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <regexFind "(" "abc">: error calling regexFind: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"##,
        ),
    ),
    (
        r##"{{ urlJoin (dict "host" 5) }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <urlJoin (dict "host" 5)>: error calling urlJoin: unable to parse host key, must be of type string, but int found"##,
        ),
    ),
    (
        r##"{{ urlJoin (dict "userinfo" "u p") }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <urlJoin (dict "userinfo" "u p")>: error calling urlJoin: unable to parse userinfo in dict: parse "proto://u p@host": net/url: invalid userinfo"##,
        ),
    ),
    (
        r##"{{ derivePassword -1 "pin" "p" "u" "s" }}"##,
        Err(r##"template: t:1:18: executing "t" at <-1>: expected unsigned integer; found -1"##),
    ),
    (
        r##"{{ fail 3 }}"##,
        Err(r##"template: t:1:8: executing "t" at <3>: expected string; found 3"##),
    ),
    (
        r##"{{ until "3" }}"##,
        Err(r##"template: t:1:9: executing "t" at <"3">: expected integer; found "3""##),
    ),
    (
        r##"{{ regexSplit "(" "abc" -1 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <regexSplit "(" "abc" -1>: error calling regexSplit: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"##,
        ),
    ),
    (
        r##"{{ regexReplaceAll "(" "abc" "x" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <regexReplaceAll "(" "abc" "x">: error calling regexReplaceAll: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"##,
        ),
    ),
    (
        r##"{{ regexFind "a)" "abc" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <regexFind "a)" "abc">: error calling regexFind: regexp: Compile(`a)`): error parsing regexp: unexpected ): `a)`"##,
        ),
    ),
    (
        r##"{{ regexReplaceAll "a)" "abc" "x" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <regexReplaceAll "a)" "abc" "x">: error calling regexReplaceAll: regexp: Compile(`a)`): error parsing regexp: unexpected ): `a)`"##,
        ),
    ),
    (
        r##"{{ fail "x" }}"##,
        Err(r##"template: t:1:3: executing "t" at <fail "x">: error calling fail: x"##),
    ),
    (
        r##"{{ randBytes -1 }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <randBytes -1>: error calling randBytes: runtime error: makeslice: len out of range"##,
        ),
    ),
    (
        r##"{{ typeIsLike "semver.Version" (urlParse "http://x") }}"##,
        Ok(r##"false"##),
    ),
    (
        r##"{{ urlJoin (dict "host" "[::1]:80" "path" "/%zz") }}"##,
        Ok(r##"//[::1]:80/%25zz"##),
    ),
    (r##"{{ typeIsLike "semver.Version" 1 }}"##, Ok(r##"false"##)),
    (
        r##"{{ urlJoin (dict "scheme" "https" "host" "h.io" "path" "/x y" "query" "a=b c" "fragment" "f g") }}"##,
        Ok(r##"https://h.io/x%20y?a=b c#f%20g"##),
    ),
    (
        r##"{{ typeOf (urlParse "http://x") }}"##,
        Ok(r##"map[string]interface {}"##),
    ),
    (
        r##"{{ typeIsLike "semver.Version" (list) }}"##,
        Ok(r##"false"##),
    ),
    (r##"{{ typeOf (add 1 2) }}"##, Ok(r##"int64"##)),
    (
        r##"{{ typeIsLike "semver.Version" (dict) }}"##,
        Ok(r##"false"##),
    ),
    (
        r##"{{ typeIsLike "semver.Version" (until 2) }}"##,
        Ok(r##"false"##),
    ),
    (r##"{{ deepEqual "a" "a" }}"##, Ok(r##"true"##)),
    (r##"{{ kindOf (b64enc "x") }}"##, Ok(r##"string"##)),
    (r##"{{ deepEqual 1 1 }}"##, Ok(r##"true"##)),
    (r##"{{ kindOf (addf 1 2) }}"##, Ok(r##"float64"##)),
    (r##"{{ typeOf 1 }}"##, Ok(r##"int"##)),
    (
        r##"{{ typeIsLike "semver.Version" 1.5 }}"##,
        Ok(r##"false"##),
    ),
    (r##"{{ typeOf true }}"##, Ok(r##"bool"##)),
    (
        r##"{{ typeIsLike "semver.Version" "s" }}"##,
        Ok(r##"false"##),
    ),
    (r##"{{ ago 0 | len | lt 0 }}"##, Ok(r##"true"##)),
    (r##"{{ kindOf (splitList "," "a,b") }}"##, Ok(r##"slice"##)),
    (
        r##"{{ typeIsLike "semver.Version" (float64 2) }}"##,
        Ok(r##"false"##),
    ),
    (r##"{{ deepEqual (until 2) (until 2) }}"##, Ok(r##"true"##)),
    (r##"{{ typeOf (list 1 2) }}"##, Ok(r##"[]interface {}"##)),
    (
        r##"{{ typeIsLike "semver.Version" (atoi "3") }}"##,
        Ok(r##"false"##),
    ),
    (r##"{{ urlJoin (dict) }}"##, Ok(r##""##)),
    (
        r##"{{ deepEqual (dict "a" (list 1)) (dict "a" (list 1)) }}"##,
        Ok(r##"true"##),
    ),
    (r##"{{ typeOf (addf 1 2) }}"##, Ok(r##"float64"##)),
    (
        r##"{{ genCAWithKey "x" 1 "junk" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <genCAWithKey "x" 1 "junk">: error calling genCAWithKey: parsing private key: no PEM data in input"##,
        ),
    ),
    (
        r##"{{ genCAWithKey "x" 1 "-----BEGIN FOO-----\nYQ==\n-----END FOO-----\n" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <genCAWithKey "x" 1 "-----BEGIN FOO-----\nYQ==\n-----END FOO-----\n">: error calling genCAWithKey: parsing private key: no private key data in PEM block of type FOO"##,
        ),
    ),
    (
        r##"{{ genCAWithKey "x" 1 "-----BEGIN DSA PRIVATE KEY-----\nYQ==\n-----END DSA PRIVATE KEY-----\n" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <genCAWithKey "x" 1 "-----BEGIN DSA PRIVATE KEY-----\nYQ==\n-----END DSA PRIVATE KEY-----\n">: error calling genCAWithKey: parsing private key: parsing DSA private key from PEM: asn1: syntax error: truncated tag or length"##,
        ),
    ),
    (
        r##"{{ genCAWithKey "x" 1 "-----BEGIN XY PRIVATE KEY-----\nYQ==\n-----END XY PRIVATE KEY-----\n" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <genCAWithKey "x" 1 "-----BEGIN XY PRIVATE KEY-----\nYQ==\n-----END XY PRIVATE KEY-----\n">: error calling genCAWithKey: parsing private key: invalid private key type XY PRIVATE KEY"##,
        ),
    ),
    (
        r##"{{ genSelfSignedCert "x" (list 1) nil 1 | len }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <genSelfSignedCert "x" (list 1) nil 1>: error calling genSelfSignedCert: error parsing ip: 1 is not a string"##,
        ),
    ),
    (
        r##"{{ genSelfSignedCert "x" nil (list 2) 1 | len }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <genSelfSignedCert "x" nil (list 2) 1>: error calling genSelfSignedCert: error processing alternate dns name: 2 is not a string"##,
        ),
    ),
    (
        r##"{{ genSelfSignedCert "x" (list "300.1.1.1") nil 1 | len }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <genSelfSignedCert "x" (list "300.1.1.1") nil 1>: error calling genSelfSignedCert: error parsing ip: 300.1.1.1"##,
        ),
    ),
    (
        r##"{{ buildCustomCert "YQ==" "!" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <buildCustomCert "YQ==" "!">: error calling buildCustomCert: unable to decode base64 private key"##,
        ),
    ),
    (
        r##"{{ buildCustomCert "YQ==" "YQ==" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <buildCustomCert "YQ==" "YQ==">: error calling buildCustomCert: unable to decode certificate"##,
        ),
    ),
    (
        r##"{{ genPrivateKey "foo" }}"##,
        Ok(r##"Unknown type foo"##),
    ),
    (
        r##"{{ (genCA "" 1).Cert | len | lt 100 }}"##,
        Ok(r##"true"##),
    ),
    (
        r##"{{ genSelfSignedCert "x" nil (list "é.com") 1 | len }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <genSelfSignedCert "x" nil (list "é.com") 1>: error calling genSelfSignedCert: error creating certificate: x509: "é.com" cannot be encoded as an IA5String"##,
        ),
    ),
    (
        r##"{{ genCAWithKey "x" 1 "-----BEGIN DSA PRIVATE KEY-----\nMAYCAQACAQE=\n-----END DSA PRIVATE KEY-----\n" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <genCAWithKey "x" 1 "-----BEGIN DSA PRIVATE KEY-----\nMAYCAQACAQE=\n-----END DSA PRIVATE KEY-----\n">: error calling genCAWithKey: parsing private key: parsing DSA private key from PEM: asn1: syntax error: sequence truncated"##,
        ),
    ),
    (
        r##"{{ genCAWithKey "x" 1 "-----BEGIN DSA PRIVATE KEY-----\nMBICAQACAQECAQECAQECAQECAQECAQE=\n-----END DSA PRIVATE KEY-----\n" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <genCAWithKey "x" 1 "-----BEGIN DSA PRIVATE KEY-----\nMBICAQACAQECAQECAQECAQECAQECAQE=\n-----END DSA PRIVATE KEY-----\n">: error calling genCAWithKey: error creating certificate: x509: certificate private key does not implement crypto.Signer"##,
        ),
    ),
    (
        r##"{{ genCAWithKey "x" 1 "-----BEGIN DSA PRIVATE KEY-----\nMA8CAQACAQECAQECAQECAQECAQE=\n-----END DSA PRIVATE KEY-----\n" }}"##,
        Err(
            r##"template: t:1:3: executing "t" at <genCAWithKey "x" 1 "-----BEGIN DSA PRIVATE KEY-----\nMA8CAQACAQECAQECAQECAQECAQE=\n-----END DSA PRIVATE KEY-----\n">: error calling genCAWithKey: parsing private key: parsing DSA private key from PEM: asn1: syntax error: sequence truncated"##,
        ),
    ),
];

#[test]
fn sprig_functions_match_go() {
    let funcs = gotmpl::sprig::funcs();
    let mut failures = Vec::new();
    for (text, want) in CASES {
        let mut t = Templates::with_funcs(&funcs);
        let got = match t.parse("t", text) {
            Err(e) => Err(e.to_string()),
            Ok(_) => {
                let mut out = String::new();
                t.execute("t", &Value::Nil, &mut out)
                    .map(|()| out)
                    .map_err(|e| e.to_string())
            }
        };
        let matches = match (&got, want) {
            (Ok(g), Ok(w)) => g == w,
            (Err(g), Err(w)) => g == w,
            _ => false,
        };
        if !matches {
            failures.push(format!("{text}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Go:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
