package dev.embeddedservice.auth.internal;

import dev.embeddedservice.exception.InvalidConfigurationException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The rule for every URL a secret is sent to (the activation URL with its license key, the OAuth
 * 2.0 token URL with its client secret, the SageMaker endpoint override with the token): absolute {@code https} with a host, no user info, query
 * or fragment; plain {@code http} only for loopback hosts ({@code localhost}, {@code 127.0.0.0/8},
 * {@code ::1}), for local emulators.
 */
public final class EndpointUrl {

    private EndpointUrl() {
    }

    /**
     * @param setting the setting's name, for the message
     * @throws InvalidConfigurationException saying what is wrong
     */
    public static URI parse(String setting, String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(setting + " is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new InvalidConfigurationException(
                    setting + " must be an absolute https URL with a host, was " + shown(uri));
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidConfigurationException(
                    setting + " must not carry user info, a query or a fragment");
        }
        if (scheme.equals("http") && !isLoopbackHost(uri.getHost())) {
            throw new InvalidConfigurationException(setting + " must use https: plain http is allowed only for "
                    + "loopback hosts (localhost, 127.0.0.1, ::1), was host " + uri.getHost());
        }
        return uri;
    }

    /** The URL without user info, query or fragment, which may hold a secret: safe for a message. */
    private static String shown(URI uri) {
        return (uri.getScheme() == null ? "" : uri.getScheme() + "://")
                + (uri.getHost() == null ? "" : uri.getHost())
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Whether {@code host} names this machine's loopback interface, without asking DNS. */
    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        // Only literal addresses are resolved here: InetAddress does not query DNS for them.
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || h.contains(":")) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
