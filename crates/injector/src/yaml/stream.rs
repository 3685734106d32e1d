//! Multi-document streams as Kubernetes' `k8s.io/apimachinery/pkg/util/yaml.YAMLReader`
//! splits them, and the `---`-separated stream Istio writes back (`kube-inject` emits each
//! object followed by `---`).

use std::borrow::Cow;

use serde_json::Value;

use super::emit::write_document;
use super::YamlError;

/// One document of a stream, as `YAMLReader.Read` returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument<'a> {
    /// The document's text. Lines end in `\n` (a `\r\n` ending is reduced to `\n` and a
    /// missing final newline is added, as Go's `bufio.Reader.ReadLine` loop does).
    pub text: Cow<'a, str>,
    /// 1-based line of the input on which the document's first line stands.
    pub start_line: usize,
}

/// Splits a stream into documents the way `YAMLReader.Read` (apimachinery v0.31) does.
///
/// - Lines are read with `\r\n` reduced to `\n`; a missing final newline is added.
/// - A line starting with `---` whose remainder is blank or a `#` comment ends the current
///   document and is dropped. When the current document is still empty the line is kept
///   instead (it becomes the document's `---` start marker), so `---\n---\n` yields one
///   document `---\n`.
/// - Documents with no bytes are skipped; one holding only blank lines or comments is
///   returned.
///
/// # Errors
/// A line starting with `---` followed by anything else (`--- x`, `----`) is an invalid
/// separator, as in Go; the error names its line.
pub fn split_documents(input: &str) -> Result<Vec<RawDocument<'_>>, YamlError> {
    let mut docs = Vec::new();
    let mut cur = Current::new(0, 1);
    let mut line_no = 0usize;
    let mut pos = 0usize;
    while pos < input.len() {
        line_no += 1;
        let (line, next, had_newline) = match input[pos..].find('\n') {
            Some(i) => (&input[pos..pos + i], pos + i + 1, true),
            None => (&input[pos..], input.len(), false),
        };
        let content = if had_newline {
            line.strip_suffix('\r').unwrap_or(line)
        } else {
            line
        };
        if let Some(after) = content.strip_prefix("---") {
            let trimmed = after.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(YamlError {
                    line: line_no,
                    column: 4,
                    message: format!("invalid Yaml document separator: {trimmed}"),
                });
            }
            if !cur.is_empty() {
                docs.push(cur.finish(input));
                cur = Current::new(next, line_no + 1);
                pos = next;
                continue;
            }
        }
        if cur.is_empty() && cur.owned.is_none() && cur.len == 0 {
            cur.start = pos;
            cur.start_line = line_no;
        }
        cur.push_line(
            input,
            pos,
            next,
            content,
            had_newline && content.len() == line.len(),
        );
        pos = next;
    }
    if !cur.is_empty() {
        docs.push(cur.finish(input));
    }
    Ok(docs)
}

/// The document being collected: a slice of the input while every line was copied
/// verbatim, an owned buffer once one needed rewriting.
struct Current {
    start: usize,
    len: usize,
    owned: Option<String>,
    start_line: usize,
}

impl Current {
    fn new(start: usize, start_line: usize) -> Self {
        Current {
            start,
            len: 0,
            owned: None,
            start_line,
        }
    }

    fn is_empty(&self) -> bool {
        match &self.owned {
            Some(s) => s.is_empty(),
            None => self.len == 0,
        }
    }

    /// Appends `content` + `\n`; `verbatim` says the input already holds exactly that at
    /// `pos..next`.
    fn push_line(&mut self, input: &str, pos: usize, next: usize, content: &str, verbatim: bool) {
        match &mut self.owned {
            Some(buf) => {
                buf.push_str(content);
                buf.push('\n');
            }
            None if verbatim && self.start + self.len == pos => self.len = next - self.start,
            None => {
                let mut buf = String::with_capacity(self.len + content.len() + 1);
                buf.push_str(&input[self.start..self.start + self.len]);
                buf.push_str(content);
                buf.push('\n');
                self.owned = Some(buf);
            }
        }
    }

    fn finish(self, input: &str) -> RawDocument<'_> {
        RawDocument {
            text: match self.owned {
                Some(s) => Cow::Owned(s),
                None => Cow::Borrowed(&input[self.start..self.start + self.len]),
            },
            start_line: self.start_line,
        }
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<(String, usize)> {
        split_documents(input)
            .unwrap()
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
        // A separator that opens an empty document stays in it.
        assert_eq!(
            texts("---\na: 1\n---\n---\n"),
            vec![("---\na: 1\n".into(), 1), ("---\n".into(), 4)]
        );
        assert_eq!(texts("--- # c\na: 1"), vec![("--- # c\na: 1\n".into(), 1)]);
        assert_eq!(
            texts("a\n--- # c\nb"),
            vec![("a\n".into(), 1), ("b\n".into(), 3)]
        );
        assert_eq!(
            texts("a: 1\r\n---\r\nb: 2\r\n"),
            vec![("a: 1\n".into(), 1), ("b: 2\n".into(), 3)]
        );
        // Not a separator: dashes not at the line start.
        assert_eq!(texts("a\n ---\n"), vec![("a\n ---\n".into(), 1)]);
        // A document of blank lines is not empty.
        assert_eq!(texts("a\n---\n\n---\nb\n").len(), 3);
        assert!(texts("").is_empty());
    }

    #[test]
    fn rejects_text_after_separator() {
        let e = split_documents("a\n--- x\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(split_documents("----\n").is_err());
    }

    #[test]
    fn stream_has_separator_after_each_document() {
        let v = vec![serde_json::json!({"a": 1}), serde_json::json!([1])];
        assert_eq!(to_string_stream(&v), "a: 1\n---\n- 1\n---\n");
    }
}
