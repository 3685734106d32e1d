//! End-to-end tests of the `sidecar-injector` binary: every kube-inject case of Istio's golden corpus
//! (`cases.yaml`) through the real command line, bad-input handling, and smoke tests of the other commands.
//!
//! The corpus is `ISTIO_CONFORMANCE_DIR`, or `../shared/conformance/istio` beside the workspace.
//! Prints `cli kube-inject: N passed, M failed`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// Process settings the binary reads from the environment; cleared so the host cannot influence a test.
const PROCESS_ENV: [&str; 3] = ["ENABLE_NATIVE_SIDECARS", "COMPLIANCE_POLICY", "PLATFORM"];

fn corpus_dir() -> PathBuf {
    match std::env::var_os("ISTIO_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/istio"),
    }
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("sidecar-injector").unwrap();
    for k in PROCESS_ENV {
        cmd.env_remove(k);
    }
    cmd
}

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/hello.yaml")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "sidecar-injector-cli-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Builds the command line for one corpus case; alternates between `--config-dir` and the istioctl file flags,
/// and between flags and environment for the native-sidecar mode, so both paths are exercised.
fn case_command(dir: &Path, case: &Value, i: usize) -> Command {
    let mut cmd = bin();
    let settings = dir
        .join("settings")
        .join(case["settings"].as_str().unwrap_or("default"));
    cmd.arg("kube-inject")
        .arg("-f")
        .arg(dir.join(case["input"].as_str().unwrap()));
    if i.is_multiple_of(2) {
        cmd.arg("--config-dir").arg(&settings);
    } else {
        cmd.arg("--injectConfigFile")
            .arg(settings.join("config"))
            .arg("--valuesFile")
            .arg(settings.join("values"))
            .arg("--meshConfigFile")
            .arg(settings.join("mesh"));
    }
    let native = case["native_sidecars"].as_str().unwrap_or("auto");
    if i.is_multiple_of(2) {
        cmd.arg("--native-sidecars").arg(native);
    } else {
        cmd.env("ENABLE_NATIVE_SIDECARS", native);
    }
    if let Some(p) = case["compliance_policy"].as_str() {
        cmd.arg("--compliance-policy").arg(p);
    }
    if case["platform"].as_str() == Some("openshift") {
        cmd.env("PLATFORM", "openshift");
    }
    if let Some(r) = case["revision"].as_str() {
        cmd.arg("-r").arg(r);
    }
    for v in case["node_kubelet_versions"]
        .as_array()
        .into_iter()
        .flatten()
    {
        cmd.arg("--kubelet-version").arg(v.as_str().unwrap());
    }
    cmd
}

fn run_case(dir: &Path, case: &Value, i: usize) -> Result<(), String> {
    let out = case_command(dir, case, i).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if let Some(want) = case["expected_error"].as_str() {
        if out.status.code() != Some(1) {
            return Err(format!("exit {:?}, want 1", out.status.code()));
        }
        if !stdout.is_empty() {
            return Err("output written despite the error".into());
        }
        if !stderr.to_lowercase().contains(want) {
            return Err(format!("stderr {stderr:?} lacks {want:?}"));
        }
        return Ok(());
    }
    if !out.status.success() {
        return Err(format!("exit {:?}: {stderr}", out.status.code()));
    }
    if let Some(want) = case["expected_log"].as_str() {
        if !stderr.contains(want) {
            return Err(format!("stderr {stderr:?} lacks {want:?}"));
        }
    }
    let golden = std::fs::read_to_string(dir.join(case["golden"].as_str().unwrap())).unwrap();
    let (got, want) = (stdout.trim(), golden.trim());
    if got == want {
        return Ok(());
    }
    let line = got
        .lines()
        .zip(want.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(got.lines().count().min(want.lines().count()));
    Err(format!(
        "line {}: got {:?}, want {:?}",
        line + 1,
        got.lines().nth(line).unwrap_or("<eof>"),
        want.lines().nth(line).unwrap_or("<eof>")
    ))
}

#[test]
fn corpus_kube_inject_cases() {
    let dir = corpus_dir();
    let text = std::fs::read_to_string(dir.join("cases.yaml"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("cases.yaml").display()));
    let doc = injector::yaml::from_str(&text).unwrap();
    let cases: Vec<&Value> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kube_inject"].as_bool() == Some(true))
        .collect();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        if let Err(e) = run_case(&dir, case, i) {
            failures.push(format!("{}: {e}", case["id"].as_str().unwrap_or("?")));
        }
    }
    println!(
        "cli kube-inject: {} passed, {} failed",
        cases.len() - failures.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn example_injects_with_embedded_defaults() {
    bin()
        .args(["kube-inject", "-f"])
        .arg(example())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("name: istio-proxy")
                .and(predicate::str::contains("name: istio-init"))
                .and(predicate::str::contains("audience: istio-ca"))
                .and(predicate::str::contains("name: istio-ca-root-cert"))
                .and(predicate::str::contains("sidecar.istio.io/status"))
                .and(predicate::str::contains("kind: Service")),
        );
}

#[test]
fn native_sidecars_from_kubelet_versions() {
    let native = bin()
        .args(["kube-inject", "--kubelet-version", "v1.34.0", "-f"])
        .arg(example())
        .output()
        .unwrap();
    let text = String::from_utf8(native.stdout).unwrap();
    assert!(text.contains("restartPolicy: Always"), "{text}");
    let classic = bin()
        .args(["kube-inject", "--kubelet-version", "v1.28.0", "-f"])
        .arg(example())
        .output()
        .unwrap();
    assert!(!String::from_utf8(classic.stdout)
        .unwrap()
        .contains("restartPolicy: Always"));
}

#[test]
fn stdin_and_output_file() {
    let dir = scratch("stdin");
    let out = dir.join("out.yaml");
    bin()
        .args(["kube-inject", "-f", "-", "-o"])
        .arg(&out)
        .write_stdin(std::fs::read_to_string(example()).unwrap())
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("name: istio-proxy"));
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "temp file left behind"
    );
}

#[test]
fn unknown_kind_passes_through() {
    let input = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  zeta: 1\n  alpha: 2\n";
    bin()
        .args(["kube-inject", "-f", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(format!("{input}---\n"));
}

#[test]
fn missing_input_file() {
    bin()
        .args(["kube-inject", "-f", "/nonexistent/app.yaml"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "cannot read /nonexistent/app.yaml",
        ));
}

#[test]
fn invalid_yaml_reports_file_document_and_line() {
    let dir = scratch("badyaml");
    let input = dir.join("bad.yaml");
    std::fs::write(
        &input,
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [oops\n",
    )
    .unwrap();
    bin()
        .args(["kube-inject", "-f"])
        .arg(&input)
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains(input.display().to_string())
                .and(predicate::str::contains("document 2"))
                .and(predicate::str::is_match(r"yaml: line (9|10)").unwrap()),
        );
}

#[test]
fn failed_injection_leaves_output_untouched() {
    let dir = scratch("untouched");
    let out = dir.join("out.yaml");
    std::fs::write(&out, "previous\n").unwrap();
    let bad = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    traffic.sidecar.istio.io/includeOutboundIPRanges: \"not-a-cidr\"\nspec:\n  containers:\n  - name: c\n    image: i\n";
    bin()
        .args(["kube-inject", "-f", "-", "-o"])
        .arg(&out)
        .write_stdin(bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>: document 1"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous\n");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn unwritable_output_path() {
    bin()
        .args(["kube-inject", "-f"])
        .arg(example())
        .args(["-o", "/nonexistent-dir/out.yaml"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "cannot write /nonexistent-dir/out.yaml",
        ));
}

#[test]
fn bad_settings_files() {
    let dir = scratch("settings");
    let config = dir.join("config");
    std::fs::write(&config, "templates:\n  sidecar: '{{ .Values'\n").unwrap();
    bin()
        .args(["kube-inject", "-f"])
        .arg(example())
        .arg("--injectConfigFile")
        .arg(&config)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "invalid templates in {}",
            config.display()
        )));

    let values = dir.join("values");
    std::fs::write(&values, "{not json").unwrap();
    bin()
        .args(["kube-inject", "-f"])
        .arg(example())
        .arg("--valuesFile")
        .arg(&values)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "invalid values in {}",
            values.display()
        )));

    let mesh = dir.join("mesh");
    std::fs::write(&mesh, "defaultConfig: [1, 2]\n").unwrap();
    bin()
        .args(["kube-inject", "-f"])
        .arg(example())
        .arg("--meshConfigFile")
        .arg(&mesh)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "invalid mesh config in {}",
            mesh.display()
        )));

    bin()
        .args(["kube-inject", "-f"])
        .arg(example())
        .arg("--config-dir")
        .arg(dir.join("missing"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a directory"));

    bin()
        .args(["kube-inject", "-f"])
        .arg(example())
        .args(["--native-sidecars", "sometimes"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--native-sidecars"));
}

#[test]
fn usage_errors_exit_2() {
    bin().args(["kube-inject"]).assert().code(2);
    bin()
        .args(["kube-inject", "-f", "x", "--bogus"])
        .assert()
        .code(2);
    bin()
        .args(["render", "-f", "x", "--show", "nope"])
        .assert()
        .code(2);
}

#[test]
fn help_version_and_completions() {
    for cmd in ["kube-inject", "check-inject", "render", "completions"] {
        bin()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
    bin()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes:"));
    bin()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("sidecar-injector "));
    bin()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kube-inject"));
}

#[test]
fn check_inject_table_and_json() {
    bin()
        .args([
            "check-inject",
            "--namespace-labels",
            "istio-injection=enabled",
            "-f",
        ])
        .arg(example())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Deployment/demo/hello (namespace demo): INJECTED").and(
                predicate::str::contains("namespace.sidecar-injector.istio.io"),
            ),
        );
    let out = bin()
        .args(["check-inject", "--output", "json", "-r", "canary", "-f"])
        .arg(example())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["injected"], false);
    assert_eq!(v[0]["rules"].as_array().unwrap().len(), 3);
    let out = bin()
        .args([
            "check-inject",
            "--output",
            "json",
            "-r",
            "canary",
            "--namespace-labels",
            "istio.io/rev=canary",
            "-f",
        ])
        .arg(example())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["injected"], true);
    assert_eq!(v[0]["webhook"], "rev.namespace.sidecar-injector.istio.io");
}

#[test]
fn render_sections() {
    bin()
        .args(["render", "-f"])
        .arg(example())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("# context")
                .and(predicate::str::contains(
                    "ProxyImage: docker.io/istio/proxyv2:",
                ))
                .and(predicate::str::contains("# template \"sidecar\""))
                .and(predicate::str::contains("# merged"))
                .and(predicate::str::contains("\"op\": \"add\"")),
        );
    bin()
        .args(["render", "--show", "patch", "-f"])
        .arg(example())
        .assert()
        .success()
        .stdout(predicate::str::contains("# context").not());
    bin()
        .args(["render", "--index", "5", "-f"])
        .arg(example())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("out of range (1 workloads)"));
}

#[test]
fn broken_pipe_exits_quietly() {
    let doc = std::fs::read_to_string(example()).unwrap();
    let input = format!("{doc}---\n").repeat(200);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sidecar-injector"))
        .args(["kube-inject", "-f", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn raw_template_and_config_dir_without_mesh() {
    let dir = scratch("raw");
    let raw = dir.join("sidecar.tmpl");
    std::fs::write(
        &raw,
        "spec:\n  containers:\n  - name: istio-proxy\n    image: {{ .ProxyImage }}\n",
    )
    .unwrap();
    bin()
        .args(["kube-inject", "-f"])
        .arg(example())
        .arg("--injectConfigFile")
        .arg(&raw)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "image: docker.io/istio/proxyv2:1.28.0",
        ));

    let cm = dir.join("cm");
    std::fs::create_dir_all(&cm).unwrap();
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("defaults/config.yaml"),
        cm.join("config"),
    )
    .unwrap();
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("defaults/values.json"),
        cm.join("values"),
    )
    .unwrap();
    bin()
        .args(["kube-inject", "-f"])
        .arg(example())
        .arg("--config-dir")
        .arg(&cm)
        .assert()
        .success()
        .stdout(predicate::str::contains("CA_ADDR"));
    std::fs::remove_file(cm.join("values")).unwrap();
    bin()
        .args(["kube-inject", "-f"])
        .arg(example())
        .arg("--config-dir")
        .arg(&cm)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("must hold a `values` file"));
}

#[cfg(feature = "kube")]
#[test]
fn serve_reports_an_unusable_kubeconfig() {
    bin()
        .args([
            "serve",
            "--insecure-http",
            "--port",
            "0",
            "--admin-addr",
            "off",
            "--kube-api",
            "on",
            "--kubeconfig",
            "/nonexistent/kubeconfig",
        ])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--kubeconfig /nonexistent/kubeconfig",
        ));
}
