//! The knowledge base: themes (`content/advice/themes.toml`) and advice sheets
//! (`content/advice/<theme>/<sheet-id>.toml`, one per file).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::condition::{Clause, Condition};
use crate::error::{FileProblem, LoadError};
use crate::lang::{Lang, Localized};

/// A theme: a group of advice sheets, shown in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Stable id, also the folder name of its sheets (`channels`).
    pub id: String,
    /// Position in display order, from 1.
    pub position: usize,
    /// The theme's title.
    pub title: Localized,
    /// A one-paragraph introduction.
    pub intro: Localized,
}

/// What an advice sheet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    /// A piece of advice.
    Advice,
    /// Do it yourself or get help, and how to choose a partner.
    DoItYourself,
    /// A worked example of a fictional business.
    Example,
}

impl SheetKind {
    /// The id used in the TOML: `advice`, `do_it_yourself` or `example`.
    pub fn id(self) -> &'static str {
        match self {
            SheetKind::Advice => "advice",
            SheetKind::DoItYourself => "do_it_yourself",
            SheetKind::Example => "example",
        }
    }
}

/// One advice sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// Stable id, kebab-case, starting with `<theme>-`.
    pub id: String,
    /// The id of its theme.
    pub theme: String,
    /// Position within the theme (ascending).
    pub order: i64,
    /// Advice, do-it-yourself or example.
    pub kind: SheetKind,
    /// Ids of related sheets.
    pub related: Vec<String>,
    /// Ids of etalage tools that act on this advice (see [`Tool`](crate::Tool)).
    pub links: Vec<String>,
    /// When the sheet is shown.
    pub condition: Condition,
    /// The title.
    pub title: Localized,
    /// The body, in Markdown, with `[[sheet-id]]` references.
    pub body: Localized,
    /// The file it came from (a path on disk, or relative to `content/` when embedded).
    pub file: String,
    /// The folder it sits in under `advice/`, which must be its theme.
    pub(crate) folder: String,
    /// The file name without `.toml`, which must be its id.
    pub(crate) stem: String,
}

/// The themes and advice sheets, sheets sorted by theme order, then sheet
/// order, then id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeBase {
    themes: Vec<Theme>,
    sheets: Vec<Sheet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThemes {
    theme: Vec<RawTheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    id: String,
    #[serde(default)]
    nl: RawThemeText,
    #[serde(default)]
    en: RawThemeText,
    #[serde(default)]
    fr: RawThemeText,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawThemeText {
    #[serde(default)]
    title: String,
    #[serde(default)]
    intro: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSheet {
    id: String,
    theme: String,
    order: i64,
    kind: SheetKind,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    links: Vec<String>,
    #[serde(default)]
    when: Option<toml::Table>,
    #[serde(default)]
    when_any: Option<Vec<toml::Table>>,
    #[serde(default)]
    nl: RawSheetText,
    #[serde(default)]
    en: RawSheetText,
    #[serde(default)]
    fr: RawSheetText,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSheetText {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// The path of the themes file, relative to the content folder.
const THEMES_FILE: &str = "advice/themes.toml";

/// A TOML error as one readable message (the `toml` crate's own text already
/// gives line, column and the offending line).
pub(crate) fn toml_message(e: &toml::de::Error) -> String {
    e.to_string().trim_end().replace('\n', "\n    ")
}

impl KnowledgeBase {
    /// Loads `advice/themes.toml` and every `advice/<theme>/*.toml` under a
    /// content folder. Every file is read; all problems are reported together.
    pub fn load(content_dir: &Path) -> Result<KnowledgeBase, LoadError> {
        let advice = content_dir.join("advice");
        let mut files: Vec<(String, String, String)> = Vec::new(); // (relative, shown, text)
        let mut problems = Vec::new();
        let mut read =
            |relative: String, path: &Path, files: &mut Vec<_>| match std::fs::read_to_string(path)
            {
                Ok(text) => files.push((relative, path.display().to_string(), text)),
                Err(e) => problems.push(FileProblem {
                    file: path.display().to_string(),
                    message: format!("cannot read the file: {e}"),
                }),
            };
        read(
            THEMES_FILE.to_owned(),
            &advice.join("themes.toml"),
            &mut files,
        );
        let mut folders: Vec<_> = match std::fs::read_dir(&advice) {
            Ok(entries) => entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect(),
            Err(_) => Vec::new(),
        };
        folders.sort();
        for folder in folders {
            let folder_name = folder
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let mut sheets: Vec<_> = std::fs::read_dir(&folder)
                .map(|entries| entries.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            sheets.sort();
            for path in sheets {
                let name = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                if path.is_file() && name.ends_with(".toml") && !name.starts_with('.') {
                    read(format!("advice/{folder_name}/{name}"), &path, &mut files);
                }
            }
        }
        let loaded = KnowledgeBase::parse_files(
            files
                .iter()
                .map(|(r, s, t)| (r.as_str(), s.as_str(), t.as_str())),
        );
        match loaded {
            Ok(kb) if problems.is_empty() => Ok(kb),
            Ok(_) => Err(LoadError { problems }),
            Err(mut e) => {
                problems.append(&mut e.problems);
                Err(LoadError { problems })
            }
        }
    }

    /// The knowledge base compiled into the binary from `content/advice/`.
    pub fn embedded() -> Result<KnowledgeBase, LoadError> {
        KnowledgeBase::from_files(crate::embedded::files())
    }

    /// Builds a knowledge base from files given as (path relative to the
    /// content folder, text): `advice/themes.toml` and
    /// `advice/<theme>/<sheet-id>.toml`. Other paths are ignored.
    pub fn from_files(files: &[(&str, &str)]) -> Result<KnowledgeBase, LoadError> {
        KnowledgeBase::parse_files(files.iter().map(|(path, text)| (*path, *path, *text)))
    }

    fn parse_files<'a>(
        files: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Result<KnowledgeBase, LoadError> {
        let mut problems = Vec::new();
        let mut themes = None;
        let mut sheets = Vec::new();
        for (relative, shown, text) in files {
            if relative == THEMES_FILE {
                match parse_themes(text) {
                    Ok(t) => themes = Some(t),
                    Err(message) => problems.push(FileProblem {
                        file: shown.to_owned(),
                        message,
                    }),
                }
                continue;
            }
            let parts: Vec<&str> = relative.split('/').collect();
            let ["advice", folder, name] = parts.as_slice() else {
                continue;
            };
            let Some(stem) = name.strip_suffix(".toml") else {
                continue;
            };
            match parse_sheet(text, shown, folder, stem) {
                Ok(sheet) => sheets.push(sheet),
                Err(message) => problems.push(FileProblem {
                    file: shown.to_owned(),
                    message,
                }),
            }
        }
        let Some(themes) = themes else {
            if problems.iter().all(|p| !p.file.ends_with("themes.toml")) {
                problems.insert(
                    0,
                    FileProblem {
                        file: THEMES_FILE.to_owned(),
                        message: "is missing".to_owned(),
                    },
                );
            }
            return Err(LoadError { problems });
        };
        if !problems.is_empty() {
            return Err(LoadError { problems });
        }
        let position = |theme: &str| {
            themes
                .iter()
                .position(|t| t.id == theme)
                .unwrap_or(usize::MAX)
        };
        sheets.sort_by(|a: &Sheet, b: &Sheet| {
            (position(&a.theme), a.order, &a.id).cmp(&(position(&b.theme), b.order, &b.id))
        });
        Ok(KnowledgeBase { themes, sheets })
    }

    /// The themes, in display order.
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// The theme with this id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// Every sheet, by theme order, then sheet order, then id.
    pub fn sheets(&self) -> &[Sheet] {
        &self.sheets
    }

    /// The sheet with this id.
    pub fn sheet(&self, id: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.id == id)
    }
}

fn parse_themes(text: &str) -> Result<Vec<Theme>, String> {
    let raw: RawThemes = toml::from_str(text).map_err(|e| toml_message(&e))?;
    let mut themes: Vec<Theme> = Vec::new();
    for (i, t) in raw.theme.into_iter().enumerate() {
        if themes.iter().any(|x| x.id == t.id) {
            return Err(format!("theme {:?} appears twice", t.id));
        }
        themes.push(Theme {
            id: t.id,
            position: i + 1,
            title: Localized {
                nl: t.nl.title,
                en: t.en.title,
                fr: t.fr.title,
            },
            intro: Localized {
                nl: t.nl.intro,
                en: t.en.intro,
                fr: t.fr.intro,
            },
        });
    }
    Ok(themes)
}

fn parse_sheet(text: &str, shown: &str, folder: &str, stem: &str) -> Result<Sheet, String> {
    let raw: RawSheet = toml::from_str(text).map_err(|e| toml_message(&e))?;
    let mut when = raw.when.unwrap_or_default();
    let mut when_any = raw.when_any;
    // In TOML, a `when_any = [...]` line written *after* the `[when]` header
    // lands inside `[when]`. That is the natural way to write it, so accept it
    // there rather than report an unknown question called "when_any".
    if let Some(inner) = when.remove("when_any") {
        if when_any.is_some() {
            return Err("when_any is given twice (once at the top and once inside [when])".into());
        }
        let parsed: Vec<toml::Table> = inner.try_into().map_err(|_| {
            "when_any must be a list of tables like { goals = [\"new_region\"] }".to_owned()
        })?;
        when_any = Some(parsed);
    }
    let when = Clause::parse(&when).map_err(|e| format!("in [when]: {e}"))?;
    let when_any = when_any
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, t)| Clause::parse(t).map_err(|e| format!("in when_any entry {}: {e}", i + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Sheet {
        id: raw.id,
        theme: raw.theme,
        order: raw.order,
        kind: raw.kind,
        related: raw.related,
        links: raw.links,
        condition: Condition { when, when_any },
        title: Localized {
            nl: raw.nl.title,
            en: raw.en.title,
            fr: raw.fr.title,
        },
        body: Localized {
            nl: raw.nl.body,
            en: raw.en.body,
            fr: raw.fr.body,
        },
        file: shown.to_owned(),
        folder: folder.to_owned(),
        stem: stem.to_owned(),
    })
}

impl Sheet {
    /// The title in `lang`.
    pub fn title_in(&self, lang: Lang) -> &str {
        self.title.get(lang)
    }
}
