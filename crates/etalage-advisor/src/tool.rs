//! The etalage tools an advice sheet can link to.

use serde::Serialize;

use crate::lang::Lang;
use crate::ui;

/// An etalage tool that acts on a piece of advice (the `links` of a sheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tool {
    /// The analytics dashboard (`/`).
    Dashboard,
    /// Goal settings (`/settings/goals`).
    Goals,
    /// Funnels on the dashboard (`/?panel=funnels`).
    Funnels,
    /// Commerce KPIs (`/kpis`).
    Kpis,
    /// Alerts (`/alerts`).
    Alerts,
    /// Customers and their value (`/customers`).
    Customers,
    /// Importing shop data (`/import`).
    Import,
    /// This advisor (`/advice`).
    Advisor,
}

impl Tool {
    /// Every tool.
    pub const ALL: [Tool; 8] = [
        Tool::Dashboard,
        Tool::Goals,
        Tool::Funnels,
        Tool::Kpis,
        Tool::Alerts,
        Tool::Customers,
        Tool::Import,
        Tool::Advisor,
    ];

    /// The tool with this id (`dashboard`, `goals`, …), if there is one.
    pub fn parse(id: &str) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.id() == id)
    }

    /// The id used in advice sheets.
    pub fn id(self) -> &'static str {
        match self {
            Tool::Dashboard => "dashboard",
            Tool::Goals => "goals",
            Tool::Funnels => "funnels",
            Tool::Kpis => "kpis",
            Tool::Alerts => "alerts",
            Tool::Customers => "customers",
            Tool::Import => "import",
            Tool::Advisor => "advisor",
        }
    }

    /// The URL path of the tool in the web interface.
    pub fn path(self) -> &'static str {
        match self {
            Tool::Dashboard => "/",
            Tool::Goals => "/settings/goals",
            Tool::Funnels => "/?panel=funnels",
            Tool::Kpis => "/kpis",
            Tool::Alerts => "/alerts",
            Tool::Customers => "/customers",
            Tool::Import => "/import",
            Tool::Advisor => "/advice",
        }
    }

    /// The tool's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        ui::text(lang, &format!("tool_{}", self.id()))
    }
}
