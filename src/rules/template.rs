//! Message and suggestion templates: `$name`, `${name}`, `$1` and `$$`,
//! the same syntax as regex replacements.

/// Expands `template`, looking variables up with `lookup`; unknown names expand to "".
pub fn expand<'a>(template: &str, lookup: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(tail) = rest.strip_prefix('$') {
            out.push('$');
            rest = tail;
            continue;
        }
        let (name, tail) = if let Some(braced) = rest.strip_prefix('{') {
            match braced.find('}') {
                Some(close) => (&braced[..close], &braced[close + 1..]),
                None => ("", rest),
            }
        } else {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (&rest[..len], &rest[len..])
        };
        if name.is_empty() {
            out.push('$');
        } else {
            out.push_str(lookup(name).unwrap_or(""));
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Variable names a template refers to (for validation at load time).
pub fn variables(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        if let Some(tail) = rest.strip_prefix('$') {
            rest = tail;
        } else if let Some(braced) = rest.strip_prefix('{') {
            if let Some(close) = braced.find('}') {
                names.push(&braced[..close]);
                rest = &braced[close + 1..];
            }
        } else {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if len > 0 {
                names.push(&rest[..len]);
            }
            rest = &rest[len..];
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_named_numbered_and_escaped() {
        let vars = |n: &str| match n {
            "1" => Some("one"),
            "next" => Some("of"),
            _ => None,
        };
        assert_eq!(
            expand("a $1 ${next}x $$5 $missing.", vars),
            "a one ofx $5 ."
        );
        assert_eq!(variables("a $1 ${next}x $$5"), ["1", "next"]);
    }
}
