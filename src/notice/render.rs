//! Writing a notice through templates: the defaults are compiled in, and an
//! organisation's own directory may override any of them by file name
//! (`notice.html`, `notice.md`, `notice.txt`). HTML is escaped; a template
//! error names the file and line.

use std::path::{Path, PathBuf};

use minijinja::{Environment, Value};

use super::Notice;
use crate::error::{Error, Result};

/// The formats a notice is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
#[graphql(name = "NoticeFormat")]
pub enum Format {
    Html,
    Markdown,
    Text,
    Json,
}

impl Format {
    pub fn parse(word: &str) -> Option<Self> {
        match word.trim().to_ascii_lowercase().as_str() {
            "html" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "text" | "txt" => Some(Format::Text),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    fn template(self) -> Option<&'static str> {
        match self {
            Format::Html => Some("notice.html"),
            Format::Markdown => Some("notice.md"),
            Format::Text => Some("notice.txt"),
            Format::Json => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Text => "text/plain; charset=utf-8",
            Format::Json => "application/json; charset=utf-8",
        }
    }
}

const DEFAULTS: [(&str, &str); 3] = [
    ("notice.html", include_str!("templates/notice.html")),
    ("notice.md", include_str!("templates/notice.md")),
    ("notice.txt", include_str!("templates/notice.txt")),
];

/// Where templates come from: the defaults, or a directory whose files
/// replace the defaults of the same name.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    directory: Option<PathBuf>,
}

impl Templates {
    pub fn from_directory(directory: impl Into<PathBuf>) -> Self {
        Templates {
            directory: Some(directory.into()),
        }
    }

    fn source(&self, name: &str) -> Result<(String, String)> {
        if let Some(directory) = &self.directory {
            let path = directory.join(name);
            if path.is_file() {
                let text = std::fs::read_to_string(&path).map_err(|err| {
                    Error::invalid(
                        "templates",
                        format!("cannot read {}: {err}", path.display()),
                    )
                })?;
                return Ok((path.display().to_string(), text));
            }
        }
        DEFAULTS
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(known, text)| (format!("(built in) {known}"), (*text).to_owned()))
            .ok_or_else(|| Error::invalid("templates", format!("no template {name}")))
    }

    /// The directory, if it exists: a missing one is a mistake worth naming.
    pub fn check(&self) -> Result<()> {
        match &self.directory {
            Some(directory) if !directory.is_dir() => Err(Error::invalid(
                "templates",
                format!("{} is not a directory of templates", directory.display()),
            )),
            _ => Ok(()),
        }
    }

    fn directory(&self) -> Option<&Path> {
        self.directory.as_deref()
    }
}

/// The notice in `format`.
pub fn render(notice: &Notice, format: Format, templates: &Templates) -> Result<String> {
    let Some(name) = format.template() else {
        let mut json = serde_json::to_string_pretty(notice)
            .map_err(|err| Error::Io(std::io::Error::other(err)))?;
        json.push('\n');
        return Ok(json);
    };
    templates.check()?;
    let (file, source) = templates.source(name)?;
    let mut environment = Environment::new();
    environment.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let syntax = environment
        .syntax()
        .to_builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|err| template_error(&file, &err))?;
    environment.set_syntax(syntax);
    environment.add_filter("anchor", anchor);
    environment.add_filter("sentence", sentence);
    let _ = templates.directory();
    environment
        .add_template_owned(name.to_owned(), source)
        .map_err(|err| template_error(&file, &err))?;
    let template = environment
        .get_template(name)
        .map_err(|err| template_error(&file, &err))?;
    template
        .render(Value::from(minijinja::value::Serde(notice)))
        .map_err(|err| template_error(&file, &err))
}

/// A heading's text as an HTML id: lower case words joined by '-'.
fn anchor(text: &str) -> String {
    crate::domain::validate::slugify(text)
}

/// Text as a sentence: ending with a full stop unless it ends a sentence
/// already.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

fn template_error(file: &str, err: &minijinja::Error) -> Error {
    let line = err
        .line()
        .map(|line| format!(":{line}"))
        .unwrap_or_default();
    let detail = err
        .detail()
        .map(|detail| format!(": {detail}"))
        .unwrap_or_default();
    Error::Template {
        file: format!("{file}{line}"),
        message: format!("{}{detail}", err.kind()),
    }
}
