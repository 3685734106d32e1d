//! The injector's inputs from configuration: the injector config document and the Helm values.

pub mod config;
pub mod values;

pub use config::{ConfigError, InjectorConfig};
pub use values::{ValuesConfig, ValuesError};
