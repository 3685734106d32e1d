//! The injector's inputs from configuration: the injector config document, the Helm values, the mesh config and
//! process settings, assembled into one validated [`Settings`] version.

mod compiled;
pub mod config;
pub mod process;
pub mod values;

pub use compiled::{Settings, SettingsError, TEMPLATE_NAME};
pub use config::{ConfigError, InjectorConfig};
pub use process::{Platform, ProcessSettings};
pub use values::{ValuesConfig, ValuesError};
