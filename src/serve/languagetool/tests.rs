use super::*;

fn rules() -> RuleSet {
    RuleSet::embedded().expect("embedded rules")
}

fn respond(fields: &[(&str, &str)]) -> Result<serde_json::Value, BadRequest> {
    respond_with(&rules(), fields)
}

fn respond_with(rules: &RuleSet, fields: &[(&str, &str)]) -> Result<serde_json::Value, BadRequest> {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| {
            let v: String =
                percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
                    .collect();
            format!("{k}={v}")
        })
        .collect();
    let form = Form::parse(body.join("&").as_bytes()).expect("form");
    let request = CheckRequest::from_form(&form)?;
    let findings = request.findings(rules);
    Ok(serde_json::from_str(&check_response(&request, rules, &findings)).expect("json"))
}

/// (offset, length, rule id) of every match.
fn spans(response: &serde_json::Value) -> Vec<(u64, u64, String)> {
    response["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| {
            (
                m["offset"].as_u64().unwrap(),
                m["length"].as_u64().unwrap(),
                m["rule"]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn offsets_count_utf16_units_after_emoji_and_accents() {
    let text = "Café 😀 news: the US Foreign Minister spoke.";
    let r = respond(&[("text", text), ("language", "en-US")]).unwrap();
    let found = spans(&r);
    let (offset, length, id) = found
        .iter()
        .find(|s| s.2 == "TITLES_OFFICE_CALQUE")
        .expect("title found");
    let units: Vec<u16> = text.encode_utf16().collect();
    let flagged =
        String::from_utf16(&units[*offset as usize..(*offset + *length) as usize]).unwrap();
    assert_eq!(
        (flagged.as_str(), id.as_str()),
        ("Foreign Minister", "TITLES_OFFICE_CALQUE")
    );
    let m = &r["matches"][0];
    assert_eq!(m["rule"]["category"]["id"], "TITLES");
    assert_eq!(m["rule"]["issueType"], "terminology");
    assert_eq!(m["replacements"][0]["value"], "Secretary of State");
    assert_eq!(m["type"]["typeName"], "Other");
    let context = m["context"]["text"].as_str().unwrap();
    let c_units: Vec<u16> = context.encode_utf16().collect();
    let c_at = m["context"]["offset"].as_u64().unwrap() as usize;
    assert_eq!(
        String::from_utf16(&c_units[c_at..c_at + 16]).unwrap(),
        "Foreign Minister"
    );
    assert_eq!(m["sentence"], text);
    assert_eq!(r["software"]["apiVersion"], 1);
    assert_eq!(r["language"]["code"], "en-US");
}

#[test]
fn annotated_data_skips_markup_but_counts_it() {
    let data = r#"{"annotation":[{"markup":"<p>"},{"text":"The talks "},{"markup":"<b>"},{"text":"ended.Officials"},{"markup":"</b>","interpretAs":""},{"text":" said."}]}"#;
    let r = respond(&[("data", data), ("language", "en")]).unwrap();
    let sent = "<p>The talks <b>ended.Officials</b> said.";
    let found = spans(&r);
    let space = found
        .iter()
        .find(|s| s.2.starts_with("SPACING"))
        .expect("spacing finding");
    let start = space.0 as usize;
    assert_eq!(&sent[start..start + space.1 as usize], "ended.Officials");
}

#[test]
fn rule_and_category_filters() {
    let text = "The talks ended.Officials said the US Foreign Minister would attend.";
    let all = spans(&respond(&[("text", text), ("language", "en-GB")]).unwrap());
    assert!(all.len() >= 2, "{all:?}");
    let without = spans(
        &respond(&[
            ("text", text),
            ("language", "en-GB"),
            ("disabledRules", "titles.office-calque,WHITESPACE_RULE"),
        ])
        .unwrap(),
    );
    assert_eq!(without.len(), all.len() - 1);
    let only = spans(
        &respond(&[
            ("text", text),
            ("language", "en"),
            ("enabledOnly", "true"),
            ("enabledCategories", "titles"),
        ])
        .unwrap(),
    );
    assert!(
        only.iter().all(|s| s.2.starts_with("TITLES")) && !only.is_empty(),
        "{only:?}"
    );
    let none = spans(
        &respond(&[
            ("text", text),
            ("language", "en"),
            ("enabledOnly", "true"),
            ("enabledRules", "UPPERCASE_SENTENCE_START"),
        ])
        .unwrap(),
    );
    assert!(none.is_empty());
}

#[test]
fn bad_requests_are_lt_style_errors() {
    let err = |fields: &[(&str, &str)]| {
        respond(fields)
            .err()
            .map(|BadRequest(m)| m)
            .unwrap_or_default()
    };
    assert!(err(&[("text", "x"), ("language", "de-DE")])
        .starts_with("Error: 'de-DE' is not a language code"));
    assert!(err(&[("text", "x")]).contains("Missing 'language'"));
    assert!(err(&[("language", "en")]).contains("Missing 'text' or 'data'"));
    assert!(err(&[("text", "x"), ("data", "{}"), ("language", "en")]).contains("not both"));
    assert!(err(&[("data", "{not json"), ("language", "en")]).contains("Could not parse JSON"));
    assert!(err(&[
        ("data", r#"{"annotation":[{"text":1}]}"#),
        ("language", "en")
    ])
    .contains("exactly one"));
    assert!(
        err(&[("text", "x"), ("language", "en"), ("enabledOnly", "true")]).contains("enabledOnly")
    );
    assert!(respond(&[("text", "x"), ("language", "auto")]).is_ok());
}

#[test]
fn languages_list_is_sorted_with_long_codes() {
    let list: serde_json::Value = serde_json::from_str(&languages_json()).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["longCode"] == "en-US" && l["code"] == "en"));
}

/// A small deterministic generator (xorshift) for the no-panic test.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

#[test]
fn random_requests_never_panic_and_offsets_stay_in_the_sent_text() {
    const PIECES: [&str; 12] = [
        "ended.Officials ",
        "US Foreign Minister ",
        "é",
        "😀",
        "\n",
        "\n\n",
        " ,",
        "Anthony Blinken ",
        "spokeswoman. of ",
        "“",
        "»",
        "Kharkov ",
    ];
    let rules = rules();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..300 {
        let mut items = Vec::new();
        let mut sent = String::new();
        for _ in 0..rng.next(12) {
            let piece = PIECES[rng.next(PIECES.len())];
            let item = match rng.next(4) {
                0 => serde_json::json!({"markup": "<b>"}),
                1 => serde_json::json!({"markup": "<br/>", "interpretAs": piece}),
                _ => serde_json::json!({"text": piece}),
            };
            sent.push_str(
                item.get("text")
                    .or(item.get("markup"))
                    .and_then(|v| v.as_str())
                    .unwrap(),
            );
            items.push(item);
        }
        let data = serde_json::json!({ "annotation": items }).to_string();
        let r =
            respond_with(&rules, &[("data", &data), ("language", "en-US")]).expect("valid request");
        let total = sent.encode_utf16().count() as u64;
        for (offset, length, _) in spans(&r) {
            assert!(
                offset + length <= total,
                "{offset}+{length} > {total} in {sent:?}"
            );
        }
    }
}

#[test]
fn response_shape_snapshot() {
    let text = "Zoë 😀 said the talks ended.Officials left.\n\nThe US Foreign Minister spoke.";
    let r = respond(&[("text", text), ("language", "en-GB")]).unwrap();
    insta::assert_snapshot!(serde_json::to_string_pretty(&r).unwrap());
}
