//! Multi-document streams as Kubernetes' `k8s.io/apimachinery/pkg/util/yaml.YAMLReader`
//! splits them, and the `---`-separated stream Istio writes back (`kube-inject` emits each
//! object followed by `---`).

use std::borrow::Cow;

use serde_json::Value;

use super::emit::write_document;

/// One document of a stream, as `YAMLReader.Read` returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument<'a> {
    /// The document's text. Lines end in `\n` (a `\r\n` ending is reduced to `\n` and a
    /// missing final newline is added, as Go's `bufio.Reader.ReadLine` loop does).
    pub text: Cow<'a, str>,
    /// 1-based line of the input on which the document's first line stands.
    pub start_line: usize,
}

/// Splits a stream into documents the way `YAMLReader` does: a line that starts with `---`
/// followed only by whitespace ends the current document; documents with no bytes at all
/// are skipped (a document holding only blank lines or comments is returned).
pub fn split_documents(input: &str) -> Vec<RawDocument<'_>> {
    let mut docs = Vec::new();
    // Current document: byte range in `input` while no line needed rewriting.
    let mut start = 0usize;
    let mut start_line = 1usize;
    let mut owned: Option<String> = None;
    let mut len = 0usize;
    let mut line_no = 0usize;
    let mut pos = 0usize;
    while pos < input.len() {
        line_no += 1;
        let (line, next) = match input[pos..].find('\n') {
            Some(i) => (&input[pos..pos + i], pos + i + 1),
            None => (&input[pos..], input.len()),
        };
        let had_newline = next <= input.len() && input.as_bytes().get(next - 1) == Some(&b'\n');
        let content = if had_newline {
            line.strip_suffix('\r').unwrap_or(line)
        } else {
            line
        };
        if let Some(after) = content.strip_prefix("---") {
            if after.trim_end().is_empty() {
                if len != 0 || owned.as_ref().is_some_and(|s| !s.is_empty()) {
                    docs.push(finish(input, start, len, owned.take(), start_line));
                }
                owned = None;
                len = 0;
                start = next;
                start_line = line_no + 1;
                pos = next;
                continue;
            }
        }
        // The line as YAMLReader hands it on: content plus "\n".
        let verbatim = had_newline && content.len() == line.len();
        match &mut owned {
            Some(buf) => {
                buf.push_str(content);
                buf.push('\n');
            }
            None if verbatim => len = next - start,
            None => {
                let mut buf = String::with_capacity(len + content.len() + 1);
                buf.push_str(&input[start..start + len]);
                buf.push_str(content);
                buf.push('\n');
                owned = Some(buf);
            }
        }
        pos = next;
    }
    if len != 0 || owned.as_ref().is_some_and(|s| !s.is_empty()) {
        docs.push(finish(input, start, len, owned, start_line));
    }
    docs
}

fn finish(
    input: &str,
    start: usize,
    len: usize,
    owned: Option<String>,
    start_line: usize,
) -> RawDocument<'_> {
    RawDocument {
        text: match owned {
            Some(s) => Cow::Owned(s),
            None => Cow::Borrowed(&input[start..start + len]),
        },
        start_line,
    }
}

/// Writes each value as a document followed by `---\n`, as Istio's `kube-inject` output
/// stream does.
pub fn to_string_stream<'v>(values: impl IntoIterator<Item = &'v Value>) -> String {
    let mut out = String::new();
    for v in values {
        write_document(&mut out, v);
        out.push_str("---\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<(String, usize)> {
        split_documents(input)
            .into_iter()
            .map(|d| (d.text.into_owned(), d.start_line))
            .collect()
    }

    #[test]
    fn splits_like_yaml_reader() {
        assert_eq!(
            texts("a: 1\n---\nb: 2\n"),
            vec![("a: 1\n".into(), 1), ("b: 2\n".into(), 3)]
        );
        assert_eq!(texts("---\na: 1\n---\n---\n"), vec![("a: 1\n".into(), 2)]);
        assert_eq!(texts("--- \t\na: 1"), vec![("a: 1\n".into(), 2)]);
        assert_eq!(
            texts("a: 1\r\n---\r\nb: 2\r\n"),
            vec![("a: 1\n".into(), 1), ("b: 2\n".into(), 3)]
        );
        // Not separators: text after the dashes, or dashes not at the line start.
        assert_eq!(texts("--- a\n ---\n"), vec![("--- a\n ---\n".into(), 1)]);
        assert_eq!(texts("----\nx\n"), vec![("----\nx\n".into(), 1)]);
        // A document of blank lines is not empty.
        assert_eq!(texts("a\n---\n\n---\nb\n").len(), 3);
        assert!(texts("").is_empty());
    }

    #[test]
    fn stream_has_separator_after_each_document() {
        let v = vec![serde_json::json!({"a": 1}), serde_json::json!([1])];
        assert_eq!(to_string_stream(&v), "a: 1\n---\n- 1\n---\n");
    }
}
