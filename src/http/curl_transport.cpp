// The libcurl transport: one multi handle per transport (its connection pool gives keep-alive and
// HTTP/2 multiplexing), easy handles reused, the CA store loaded once per process with OpenSSL and
// handed to every TLS connection.
#include <alarmbridge/http/transport.hpp>

#include "aws/base64.hpp"
#include "detail/secrets.hpp"

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#ifdef __linux__
#include <sys/epoll.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cerrno>
#include <limits>
#include <map>
#include <mutex>
#include <optional>

namespace alarmbridge::http {
namespace {

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// ---- the CA store, loaded once per process and CA file --------------------------------------

class ca_stores {
public:
    static ca_stores& instance() {
        static ca_stores stores;
        return stores;
    }
    /// The store for that PEM file ("" = OpenSSL's default paths), loading it the first time.
    X509_STORE* get(const std::string& file) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = stores_.find(file); it != stores_.end()) return it->second;
        X509_STORE* store = X509_STORE_new();
        if (store == nullptr) return nullptr;
        const int ok = file.empty() ? X509_STORE_set_default_paths(store) : X509_STORE_load_file(store, file.c_str());
        if (ok != 1) {
            X509_STORE_free(store);
            return nullptr;  // not cached: a later call may find the file
        }
        stores_.emplace(file, store);
        return store;
    }
    ca_stores(const ca_stores&) = delete;
    ca_stores& operator=(const ca_stores&) = delete;

private:
    ca_stores() = default;
    ~ca_stores() {
        for (auto& entry : stores_) X509_STORE_free(entry.second);
    }
    std::mutex mutex_;
    std::map<std::string, X509_STORE*> stores_;
};

extern "C" CURLcode alarmbridge_use_shared_store(CURL*, void* ssl_ctx, void* store) {
    SSL_CTX_set1_cert_store(static_cast<SSL_CTX*>(ssl_ctx), static_cast<X509_STORE*>(store));
    return CURLE_OK;
}

// ---- one transfer -------------------------------------------------------------------------------

struct url_handle {
    CURLU* u{curl_url()};
    url_handle() = default;
    url_handle(const url_handle&) = delete;
    url_handle& operator=(const url_handle&) = delete;
    ~url_handle() { curl_url_cleanup(u); }
};

/// One pooled transfer: an easy handle configured once, its parsed URL and header list kept
/// while the next request uses the same ones.
struct transfer {
    CURL* easy{nullptr};
    curl_slist* headers{nullptr};
    std::vector<header> built_from;  ///< the headers `headers` was built from
    url_handle url;
    std::string url_text;  ///< what `url` holds; empty when nothing valid is parsed
    bool https{false};     ///< url_text is an https URL
    const request* req{nullptr};
    std::size_t index{0};
    std::size_t max_bytes{0};
    std::size_t max_header_bytes{0};
    std::size_t header_bytes{0};  ///< status lines and headers received so far
    int final_status{0};          ///< the status of a final (not 1xx) status line, once one came
    bool overflow{false};
    response resp;
    char errbuf[CURL_ERROR_SIZE]{};

    transfer() = default;
    transfer(const transfer&) = delete;
    transfer& operator=(const transfer&) = delete;
    ~transfer() {
        if (easy != nullptr) curl_easy_cleanup(easy);
        curl_slist_free_all(headers);
    }
};

extern "C" size_t alarmbridge_on_body(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<transfer*>(user);
    const size_t n = size * count;
    if (t->resp.body.size() + n > t->max_bytes) {
        t->overflow = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    t->resp.body.append(data, n);
    return n;
}

extern "C" size_t alarmbridge_on_header(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<transfer*>(user);
    const size_t n = size * count;
    t->header_bytes += n;
    if (t->header_bytes > t->max_header_bytes) {
        t->overflow = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    std::string_view line(data, n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.substr(0, 5) == "HTTP/") {
        t->resp.headers.clear();  // a new response (after a 100 Continue, say)
        // "HTTP/1.1 200 OK", "HTTP/2 200": the three digits after the first space.
        const auto space = line.find(' ');
        int status = 0;
        for (std::size_t i = space + 1; space != std::string_view::npos && i < space + 4 && i < line.size(); ++i)
            status = line[i] >= '0' && line[i] <= '9' ? status * 10 + (line[i] - '0') : -1000;
        if (status >= 200 && status <= 999) t->final_status = status;
        return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return n;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (t->resp.headers.size() < 200) t->resp.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
    return n;
}

bool has_line_break(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

error transport_error(errc code, std::string message) { return error{code, std::move(message), ""}; }

#ifdef __linux__
/// libcurl's socket interface driven by epoll: only the sockets that are ready are serviced,
/// where curl_multi_perform would visit every transfer on every wake-up.
struct event_loop {
    int epoll_fd{epoll_create1(EPOLL_CLOEXEC)};
    long timeout_ms{-1};

    event_loop() = default;
    event_loop(const event_loop&) = delete;
    event_loop& operator=(const event_loop&) = delete;
    ~event_loop() {
        if (epoll_fd >= 0) close(epoll_fd);
    }
};

extern "C" int alarmbridge_on_socket(CURL*, curl_socket_t s, int what, void* user, void*) {
    auto* loop = static_cast<event_loop*>(user);
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(loop->epoll_fd, EPOLL_CTL_DEL, s, nullptr);
        return 0;
    }
    epoll_event ev{};
    ev.events = ((what & CURL_POLL_IN) != 0 ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) != 0 ? EPOLLOUT : 0u);
    ev.data.fd = s;
    if (epoll_ctl(loop->epoll_fd, EPOLL_CTL_MOD, s, &ev) != 0 && errno == ENOENT)
        epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, s, &ev);
    return 0;
}

extern "C" int alarmbridge_on_timer(CURLM*, long timeout_ms, void* user) {
    static_cast<event_loop*>(user)->timeout_ms = timeout_ms;
    return 0;
}
#endif

}  // namespace

// ---- the transport ------------------------------------------------------------------------------

struct curl_transport::impl {
    curl_options opts;
    CURLM* multi{nullptr};
    std::vector<std::unique_ptr<transfer>> idle;
    X509_STORE* store{nullptr};
    bool shared_store{false};
#ifdef __linux__
    event_loop loop;  // curl_multi_cleanup in ~impl runs first, while the loop still exists
#endif

    explicit impl(curl_options o) : opts(std::move(o)) {
        global_init();
        multi = curl_multi_init();
        curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
#ifdef __linux__
        if (loop.epoll_fd >= 0) {
            curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, alarmbridge_on_socket);
            curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, &loop);
            curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, alarmbridge_on_timer);
            curl_multi_setopt(multi, CURLMOPT_TIMERDATA, &loop);
        }
#endif
        curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 64L);
        // Load the CA store once per process and hand it to every TLS connection, when libcurl
        // uses OpenSSL; otherwise libcurl loads it (and caches it per transport).
        auto first = make_transfer_handle();
        if (first->easy != nullptr) {
            const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
            const bool openssl = info != nullptr && info->ssl_version != nullptr &&
                                 std::string_view(info->ssl_version).substr(0, 7) == "OpenSSL";
            if (openssl &&
                curl_easy_setopt(first->easy, CURLOPT_SSL_CTX_FUNCTION, alarmbridge_use_shared_store) == CURLE_OK) {
                const std::string file = opts.ca_file.empty() ? default_ca_file() : opts.ca_file;
                store = ca_stores::instance().get(file);
                shared_store = true;  // a null store is reported per request as tls_failed
            }
            configure(*first);
            idle.push_back(std::move(first));
        }
    }

    ~impl() {
        idle.clear();
        if (multi != nullptr) curl_multi_cleanup(multi);
    }

    impl(const impl&) = delete;
    impl& operator=(const impl&) = delete;

    static std::unique_ptr<transfer> make_transfer_handle() {
        auto t = std::make_unique<transfer>();
        t->easy = curl_easy_init();
        return t;
    }

    /// The options that are the same for every request, set once per handle.
    void configure(transfer& t) const {
        CURL* e = t.easy;
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::max<long long>(1, opts.connect_timeout.count())));
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
        if (shared_store) {
            curl_easy_setopt(e, CURLOPT_CAINFO, nullptr);
            curl_easy_setopt(e, CURLOPT_CAPATH, nullptr);
            curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, alarmbridge_use_shared_store);
            curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, store);
        } else if (!opts.ca_file.empty()) {
            curl_easy_setopt(e, CURLOPT_CAINFO, opts.ca_file.c_str());
        }
        if (!opts.use_proxy_environment) curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, opts.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
        curl_easy_setopt(e, CURLOPT_USERAGENT, opts.user_agent.c_str());
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.errbuf);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, alarmbridge_on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, alarmbridge_on_header);
        // A proxy's "200 Connection established" is not the server's answer (see final_status).
        curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
        curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
        t.max_bytes = opts.max_response_bytes;
        t.max_header_bytes = opts.max_header_bytes;
    }

    std::unique_ptr<transfer> take() {
        if (!idle.empty()) {
            auto t = std::move(idle.back());
            idle.pop_back();
            return t;
        }
        auto t = make_transfer_handle();
        if (t->easy != nullptr) configure(*t);
        return t;
    }
    void give(std::unique_ptr<transfer> t) {
        t->req = nullptr;
        idle.push_back(std::move(t));
    }

    /// Sets up t for t.req; an error means the request is not sent.
    std::optional<error> prepare(transfer& t) {
        const request& req = *t.req;
        if (t.easy == nullptr) return transport_error(errc::http_transport, "libcurl could not create a handle");
        if (t.url_text != req.url) {
            t.url_text.clear();
            if (curl_url_set(t.url.u, CURLUPART_URL, req.url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
                return transport_error(errc::invalid_url, "the URL is not an absolute URL");
            char* scheme = nullptr;
            bool http_scheme = false;
            if (curl_url_get(t.url.u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK && scheme != nullptr) {
                t.https = std::string_view(scheme) == "https";
                http_scheme = t.https || std::string_view(scheme) == "http";
                curl_free(scheme);
            }
            if (!http_scheme) return transport_error(errc::invalid_url, "only http and https URLs are allowed");
            t.url_text = req.url;
        }
        for (const auto& h : req.headers) {
            if (h.name.empty() || has_line_break(h.name) || has_line_break(h.value) ||
                h.name.find(':') != std::string::npos)
                return transport_error(errc::bad_value, "a request header name or value contains a line break or colon");
        }
        if (t.https && shared_store && store == nullptr)  // plain http needs no CA store
            return transport_error(errc::tls_failed, "the CA file could not be loaded: " +
                                                         (opts.ca_file.empty() ? std::string("(system default)") : opts.ca_file));

        CURL* e = t.easy;
        curl_easy_setopt(e, CURLOPT_CURLU, t.url.u);
        const auto total = req.timeout.count() > 0 ? req.timeout : opts.timeout;
        const long long most = std::numeric_limits<long>::max();
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(std::clamp<long long>(total.count(), 1, most)));
        if (req.method == "GET" && req.body.empty()) {
            curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, nullptr);
            curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
        } else {
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, req.body.data());
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
            curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req.method == "POST" ? nullptr : req.method.c_str());
        }
        const bool same_headers = t.headers != nullptr &&
                                  std::equal(req.headers.begin(), req.headers.end(), t.built_from.begin(), t.built_from.end(),
                                             [](const header& a, const header& b) { return a.name == b.name && a.value == b.value; });
        if (!same_headers) {
            curl_slist_free_all(t.headers);
            t.headers = nullptr;
            std::string line;
            for (const auto& h : req.headers) {
                line.assign(h.name).append(": ").append(h.value);
                t.headers = curl_slist_append(t.headers, line.c_str());
            }
            t.headers = curl_slist_append(t.headers, "Expect:");  // no 100-continue round trip
            t.built_from = req.headers;
        }
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
        t.errbuf[0] = '\0';
        t.overflow = false;
        t.header_bytes = 0;
        t.final_status = 0;
        t.resp = response{};
        return std::nullopt;
    }

    result<response> finish(transfer& t, CURLcode code) {
        curl_off_t micros = 0;
        curl_easy_getinfo(t.easy, CURLINFO_TOTAL_TIME_T, &micros);
        if (t.overflow) {
            return t.header_bytes > t.max_header_bytes
                       ? transport_error(errc::too_large, "the answer's headers are longer than " +
                                                              std::to_string(t.max_header_bytes) + " bytes")
                       : transport_error(errc::too_large, "the answer is longer than " + std::to_string(t.max_bytes) + " bytes");
        }
        // A final status line came: the server answered, even if what followed was cut off.
        if (code == CURLE_OK || t.final_status != 0) {
            long status = 0;
            long version = 0;
            curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
            curl_easy_getinfo(t.easy, CURLINFO_HTTP_VERSION, &version);
            t.resp.status = code == CURLE_OK ? static_cast<int>(status) : t.final_status;
            t.resp.complete = code == CURLE_OK;
            t.resp.http_version = version == CURL_HTTP_VERSION_1_0   ? 10
                                  : version == CURL_HTTP_VERSION_1_1 ? 11
                                  : version == CURL_HTTP_VERSION_2_0 ? 20
                                  : version == CURL_HTTP_VERSION_3   ? 30
                                                                     : 0;
            t.resp.elapsed = std::chrono::microseconds(micros);
            return std::move(t.resp);
        }
        errc kind = errc::http_transport;
        switch (code) {
            case CURLE_UNSUPPORTED_PROTOCOL:
            case CURLE_URL_MALFORMAT: kind = errc::invalid_url; break;
            case CURLE_PEER_FAILED_VERIFICATION:
            case CURLE_SSL_CERTPROBLEM:
            case CURLE_SSL_CIPHER:
            case CURLE_SSL_CACERT_BADFILE:
            case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            case CURLE_SSL_INVALIDCERTSTATUS:
            case CURLE_SSL_ISSUER_ERROR:
            case CURLE_SSL_CRL_BADFILE: kind = errc::tls_failed; break;
            default: break;
        }
        std::string message = curl_easy_strerror(code);
        if (code == CURLE_OPERATION_TIMEDOUT)
            message = "timed out after " + std::to_string(micros / 1000) + " ms";
        if (t.errbuf[0] != '\0') {
            message += ": ";
            message += t.errbuf;
        }
        return transport_error(kind, alarmbridge::detail::redactor::of(*t.req).redact(message));
    }

    /// Lets libcurl work on what is ready, waiting (at most a second; every transfer has a total
    /// timeout, so the caller's loop ends) when nothing is.
    void wait_and_work(int& running) {
#ifdef __linux__
        if (loop.epoll_fd >= 0) {
            if (loop.timeout_ms == 0) {
                loop.timeout_ms = -1;  // the timer is one-shot: curl sets a new one if it wants one
                curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
                return;
            }
            epoll_event events[64];
            const int wait = loop.timeout_ms < 0 || loop.timeout_ms > 1000 ? 1000 : static_cast<int>(loop.timeout_ms);
            const int n = epoll_wait(loop.epoll_fd, events, 64, wait);
            if (n <= 0) {
                if (loop.timeout_ms >= 0) loop.timeout_ms = -1;
                curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
                return;
            }
            for (int i = 0; i < n; ++i) {
                const int flags = ((events[i].events & EPOLLIN) != 0 ? CURL_CSELECT_IN : 0) |
                                  ((events[i].events & EPOLLOUT) != 0 ? CURL_CSELECT_OUT : 0) |
                                  ((events[i].events & (EPOLLERR | EPOLLHUP)) != 0 ? CURL_CSELECT_ERR : 0);
                curl_multi_socket_action(multi, events[i].data.fd, flags, &running);
            }
            return;
        }
#endif
        curl_multi_perform(multi, &running);
        int numfds = 0;
        curl_multi_poll(multi, nullptr, 0, 1000, &numfds);
        curl_multi_perform(multi, &running);
    }

    std::vector<result<response>> run(const request* const* requests, std::size_t count, std::size_t max_in_flight) {
        std::vector<std::optional<result<response>>> done(count);
        max_in_flight = std::max<std::size_t>(1, max_in_flight);
        std::vector<std::unique_ptr<transfer>> active;
        std::size_t next = 0;
        auto start_more = [&] {
            while (active.size() < max_in_flight && next < count) {
                auto t = take();
                t->req = requests[next];
                t->index = next++;
                if (auto problem = prepare(*t)) {
                    done[t->index] = std::move(*problem);
                    give(std::move(t));
                    continue;
                }
                if (curl_multi_add_handle(multi, t->easy) != CURLM_OK) {
                    done[t->index] = transport_error(errc::http_transport, "libcurl refused the transfer");
                    give(std::move(t));
                    continue;
                }
                active.push_back(std::move(t));
            }
        };
        start_more();
        while (!active.empty()) {
            int running = 0;
            wait_and_work(running);
            int queued = 0;
            while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
                if (msg->msg != CURLMSG_DONE) continue;
                transfer* t = nullptr;
                curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
                const CURLcode code = msg->data.result;
                curl_multi_remove_handle(multi, msg->easy_handle);
                done[t->index] = finish(*t, code);
                auto it = std::find_if(active.begin(), active.end(), [t](const auto& p) { return p.get() == t; });
                give(std::move(*it));
                active.erase(it);
            }
            start_more();
        }
        std::vector<result<response>> out;
        out.reserve(done.size());
        for (auto& d : done) out.push_back(std::move(*d));
        return out;
    }
};

curl_transport::curl_transport(curl_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
curl_transport::~curl_transport() = default;
curl_transport::curl_transport(curl_transport&&) noexcept = default;
curl_transport& curl_transport::operator=(curl_transport&&) noexcept = default;

result<response> curl_transport::send(const request& req) {
    const request* one = &req;
    return std::move(impl_->run(&one, 1, 1).front());
}

std::vector<result<response>> curl_transport::send_all(const std::vector<request>& requests, std::size_t max_in_flight) {
    std::vector<const request*> pointers;
    pointers.reserve(requests.size());
    for (const auto& r : requests) pointers.push_back(&r);
    return impl_->run(pointers.data(), pointers.size(), max_in_flight);
}

const curl_options& curl_transport::options() const noexcept { return impl_->opts; }

std::string default_ca_file() {
    global_init();
    std::string out;
    CURL* e = curl_easy_init();
    char* bundle = nullptr;
    if (e != nullptr && curl_easy_getinfo(e, CURLINFO_CAINFO, &bundle) == CURLE_OK && bundle != nullptr) out = bundle;
    curl_easy_cleanup(e);
    return out;
}

// ---- redaction ----------------------------------------------------------------------------------

std::string redact_url(std::string_view url) {
    global_init();
    url_handle u;
    const std::string text(url);
    if (u.u == nullptr || curl_url_set(u.u, CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return "***";
    auto part = [&](CURLUPart which) {
        std::string out;
        char* p = nullptr;
        if (curl_url_get(u.u, which, &p, 0) == CURLUE_OK && p != nullptr) {
            out = p;
            curl_free(p);
        }
        return out;
    };
    const std::string scheme = part(CURLUPART_SCHEME);
    const std::string host = part(CURLUPART_HOST);
    const std::string port = part(CURLUPART_PORT);
    if (scheme.empty() || host.empty()) return "***";
    std::string out = scheme + "://" + host;
    if (!port.empty()) out += ":" + port;
    const std::string path = part(CURLUPART_PATH);
    constexpr std::string_view services = "/services/";
    if (host == "hooks.slack.com" && path.compare(0, services.size(), services) == 0) {
        out += services;
        std::string_view rest = std::string_view(path).substr(services.size());
        for (int i = 0; i < 2 && !rest.empty(); ++i) {
            const auto slash = rest.find('/');
            if (slash == std::string_view::npos || slash == 0) break;
            out += rest.front();
            out += "\u2026/";
            rest.remove_prefix(slash + 1);
        }
    } else {
        out += '/';
    }
    out += "***";
    return out;
}

}  // namespace alarmbridge::http

namespace alarmbridge::detail {

namespace {

std::string curl_text(char* p) {
    std::string out = p != nullptr ? std::string(p) : std::string();
    curl_free(p);
    return out;
}

std::string percent_decoded(std::string_view s) {
    int n = 0;
    char* p = curl_easy_unescape(nullptr, s.data(), static_cast<int>(s.size()), &n);
    if (p == nullptr) return std::string();
    std::string out(p, static_cast<std::size_t>(n));
    curl_free(p);
    return out;
}

std::string percent_encoded(std::string_view s) {
    return curl_text(curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size())));
}

bool key_like(std::string_view segment) {
    return segment.size() >= 9 && segment.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != std::string_view::npos;
}

}  // namespace

redactor redactor::of(const http::request& req, bool url_is_secret) {
    redactor r;
    if (url_is_secret) r.add_url(req.url);
    for (const auto& h : req.headers) {
        if (h.value.size() < 8) continue;
        r.add_value(h.value);
        std::string name = h.name;
        for (auto& c : name) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        const auto space = h.value.find(' ');
        if (name.find("authorization") != std::string::npos && space != std::string::npos)
            r.add_value(std::string_view(h.value).substr(space + 1));  // "Bearer <token>": the token alone
    }
    return r;
}

void redactor::add_url(std::string_view url) {
    add_value(url);
    std::string path(url);  // where key-like segments are looked for
    http::global_init();
    http::url_handle u;
    const std::string text(url);
    if (u.u != nullptr && curl_url_set(u.u, CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
        auto part = [&](CURLUPart which, unsigned flags) {
            char* p = nullptr;
            return curl_url_get(u.u, which, &p, flags) == CURLUE_OK ? curl_text(p) : std::string();
        };
        path = part(CURLUPART_PATH, 0);
        for (CURLUPart which : {CURLUPART_PATH, CURLUPART_QUERY, CURLUPART_USER, CURLUPART_PASSWORD}) {
            const std::string value = part(which, 0);
            if (value.size() > 1) add_value(value);
            if (which == CURLUPART_PATH && value.size() > 2) add_value(std::string_view(value).substr(1));
        }
        const std::string user = part(CURLUPART_USER, 0);
        const std::string password = part(CURLUPART_PASSWORD, 0);
        if (!user.empty() || !password.empty()) {
            // As written in the URL and as libcurl sends it (decoded, then base64 for Basic auth).
            const std::string userinfo = user + ":" + password;
            const std::string decoded = part(CURLUPART_USER, CURLU_URLDECODE) + ":" + part(CURLUPART_PASSWORD, CURLU_URLDECODE);
            add_value(userinfo);
            add_form(aws::detail::base64_encode(userinfo));
            add_form(aws::detail::base64_encode(decoded));
        }
    }
    std::size_t at = 0;
    while (at < path.size()) {
        const auto end = std::min(path.find('/', at), path.size());
        const std::string_view segment = std::string_view(path).substr(at, end - at);
        if (key_like(segment)) add_value(segment);
        at = end + 1;
    }
}

void redactor::add_value(std::string_view secret) {
    add_form(std::string(secret));
    const std::string decoded = percent_decoded(secret);
    add_form(percent_encoded(decoded));
    add_form(decoded);
}

void redactor::add_form(std::string form) {
    if (form.size() < 4) return;
    const auto at = std::lower_bound(forms_.begin(), forms_.end(), form, [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    if (at != forms_.end() && *at == form) return;
    forms_.insert(at, std::move(form));
}

bool redactor::finds_any_in(std::string_view text) const {
    return std::any_of(forms_.begin(), forms_.end(), [&](const std::string& f) { return text.find(f) != std::string_view::npos; });
}

std::string redactor::redact(std::string_view text, std::size_t max_bytes) const {
    std::string out(text);
    for (const auto& secret : forms_) {
        for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at + 3))
            out.replace(at, secret.size(), "***");
    }
    if (out.size() > max_bytes) {
        std::size_t cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
        out.resize(cut);
    }
    return out;
}

}  // namespace alarmbridge::detail
