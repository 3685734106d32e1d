//! The admission webhook server: HTTPS, AdmissionReview handling, configuration watchers, metrics, health and
//! debug endpoints, built on the [`injector`] engine.
