//! Prints the advice for some answers, from the embedded content.
//!
//! ```text
//! cargo run -p etalage-advisor --example advise -- '{"stage": "new", "markets": ["eu"]}' en md
//! cargo run -p etalage-advisor --example advise -- --list
//! ```

use etalage_advisor::{list_sheets, run_advise, Format, KnowledgeBase, Lang, Questionnaire};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kb = KnowledgeBase::embedded()?;
    if args.first().map(String::as_str) == Some("--list") {
        println!("{}", serde_json::to_string_pretty(&list_sheets(&kb))?);
        return Ok(());
    }
    let questionnaire = Questionnaire::embedded()?;
    let answers = args.first().map(String::as_str).unwrap_or("{}");
    let lang: Lang = args.get(1).map(String::as_str).unwrap_or("nl").parse()?;
    let format: Format = args.get(2).map(String::as_str).unwrap_or("md").parse()?;
    print!(
        "{}",
        run_advise(&kb, &questionnaire, answers, lang, format)?
    );
    Ok(())
}
