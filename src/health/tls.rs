//! TLS: a handshake that always completes so that the certificate can be inspected, followed by an
//! explicit verification (chain against webpki roots plus an optional extra CA, and the name).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use crate::i18n::{Lang::En, Msg, t, tf};

/// What the handshake showed about the server's certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// Whole days until `not_after` (negative once expired).
    pub days_left: i64,
    /// `None` when the chain verified; otherwise why not.
    pub chain_error: Option<String>,
    /// Whether the certificate is valid for the name; unknown when the chain did not verify.
    pub name_matches: Option<bool>,
}

impl CertInfo {
    pub fn trusted(&self) -> bool {
        self.chain_error.is_none() && self.name_matches == Some(true) && self.days_left >= 0
    }
}

/// Shared by all checks of a run: one client configuration, one verifier.
#[derive(Clone)]
pub struct TlsSetup {
    connector: TlsConnector,
    verifier: Arc<WebPkiServerVerifier>,
}

impl TlsSetup {
    /// The webpki roots, plus the certificates of `extra_ca` (PEM) when given.
    pub fn new(extra_ca: Option<&Path>) -> anyhow::Result<TlsSetup> {
        let mut roots = RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        if let Some(path) = extra_ca {
            let lang = crate::i18n::Lang::current();
            let file = &path.display();
            let failed = |msg: Msg, error: &dyn std::fmt::Display| {
                anyhow::anyhow!(tf(msg, lang, &[("file", file), ("error", error)]))
            };
            let mut added = 0;
            let certs = CertificateDer::pem_file_iter(path).map_err(|e| match e {
                rustls::pki_types::pem::Error::Io(io) => {
                    failed(Msg::TlsCaUnreadable, &crate::i18n::io_error(&io, lang))
                }
                other => failed(Msg::TlsCaUnreadable, &other),
            })?;
            for cert in certs {
                let cert = cert.map_err(|e| failed(Msg::TlsCaBrokenPem, &e))?;
                roots.add(cert).map_err(|e| failed(Msg::TlsCaBadCert, &e))?;
                added += 1;
            }
            if added == 0 {
                anyhow::bail!(tf(Msg::TlsCaEmpty, lang, &[("file", file)]));
            }
        }
        let setup_failed = |e: &dyn std::fmt::Display| {
            anyhow::anyhow!(tf(
                Msg::TlsSetupFailed,
                crate::i18n::Lang::current(),
                &[("error", e)]
            ))
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier =
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .map_err(|e| setup_failed(&e))?;
        let mut config = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| setup_failed(&e))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Inspect {
                algorithms: provider.signature_verification_algorithms,
            }))
            .with_no_client_auth();
        // every check is a first visit: no resumed sessions, the whole handshake and certificate
        config.resumption = rustls::client::Resumption::disabled();
        Ok(TlsSetup {
            connector: TlsConnector::from(Arc::new(config)),
            verifier,
        })
    }

    /// Handshakes over `tcp` and verifies the certificate for `host` afterwards.
    pub async fn connect(
        &self,
        host: &str,
        tcp: TcpStream,
    ) -> anyhow::Result<(TlsStream<TcpStream>, CertInfo)> {
        let name = ServerName::try_from(host.to_string())
            .with_context(|| tf(Msg::HealthNotTlsName, En, &[("host", &host)]))?;
        let stream = self
            .connector
            .connect(name.clone(), tcp)
            .await
            .context(t(Msg::HealthHandshake, En))?;
        let certs = stream
            .get_ref()
            .1
            .peer_certificates()
            .filter(|c| !c.is_empty())
            .context(t(Msg::HealthNoCertificate, En))?
            .to_vec();
        let info = self.inspect(&certs, &name)?;
        Ok((stream, info))
    }

    fn inspect(
        &self,
        certs: &[CertificateDer<'_>],
        name: &ServerName<'_>,
    ) -> anyhow::Result<CertInfo> {
        let (_, parsed) = x509_parser::parse_x509_certificate(&certs[0])
            .map_err(|e| anyhow::anyhow!(tf(Msg::HealthCertUnreadable, En, &[("error", &e)])))?;
        let not_after = parsed.validity().not_after.timestamp();
        let now = jiff::Timestamp::now().as_second();
        let days_left = (not_after - now).div_euclid(86_400);
        let verdict =
            self.verifier
                .verify_server_cert(&certs[0], &certs[1..], name, &[], UnixTime::now());
        let (chain_error, name_matches) = match verdict {
            Ok(_) => (None, Some(true)),
            Err(rustls::Error::InvalidCertificate(CertificateError::NotValidForName))
            | Err(rustls::Error::InvalidCertificate(CertificateError::NotValidForNameContext {
                ..
            })) => (None, Some(false)),
            // an expired chain is otherwise fine; days_left tells the rest
            Err(rustls::Error::InvalidCertificate(
                CertificateError::Expired | CertificateError::ExpiredContext { .. },
            )) => (None, None),
            Err(e) => (Some(e.to_string()), None),
        };
        Ok(CertInfo {
            days_left,
            chain_error,
            name_matches,
        })
    }
}

/// Accepts any certificate during the handshake (signatures are still checked) so that expired or
/// untrusted certificates can be reported; `TlsSetup::inspect` verifies afterwards, and callers that
/// send anything that matters require `CertInfo::trusted`.
#[derive(Debug)]
struct Inspect {
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Inspect {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
