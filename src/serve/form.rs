//! `application/x-www-form-urlencoded` bodies and query strings, strictly:
//! a field that does not decode to UTF-8 is an error, never a silent U+FFFD
//! (offsets into a repaired text would not match the client's text).

use percent_encoding::percent_decode;

/// Decoded `name=value` pairs, in order; a name may repeat.
#[derive(Debug, Default)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// Parses `a=1&b=x+y%21`. Pairs without `=` get an empty value; empty pairs are skipped.
    pub fn parse(body: &[u8]) -> Result<Form, String> {
        let mut pairs = Vec::new();
        for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &b""[..]),
            };
            let name =
                decode(name).map_err(|_| "a form field name is not valid UTF-8".to_string())?;
            let value = decode(value)
                .map_err(|_| format!("form field '{name}' is not valid UTF-8 once decoded"))?;
            pairs.push((name, value));
        }
        Ok(Form(pairs))
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The comma-separated items of `name`, trimmed, without empty ones.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn decode(raw: &[u8]) -> Result<String, std::string::FromUtf8Error> {
    let plus_as_space: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    String::from_utf8(percent_decode(&plus_as_space).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plus_and_percent_escapes() {
        let form =
            Form::parse(b"text=a+b%C3%A9%F0%9F%98%80&language=en-US&flag&&x=1%2C+2").unwrap();
        assert_eq!(form.get("text"), Some("a bé😀"));
        assert_eq!(form.get("language"), Some("en-US"));
        assert_eq!(form.get("flag"), Some(""));
        assert_eq!(form.list("x"), ["1", "2"]);
        assert_eq!(form.get("missing"), None);
    }

    #[test]
    fn rejects_invalid_utf8_and_survives_broken_escapes() {
        assert!(Form::parse(b"text=%FF%FE").is_err());
        assert!(Form::parse(b"text=\xff").is_err());
        let form = Form::parse(b"text=100%&b=%zz%4").unwrap();
        assert_eq!(form.get("text"), Some("100%"));
        assert_eq!(form.get("b"), Some("%zz%4"));
    }
}
