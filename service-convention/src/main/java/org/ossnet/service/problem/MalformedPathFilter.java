package org.ossnet.service.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a path whose %-escapes are broken or do not decode to UTF-8 with 400 problem+json before Spring MVC
 * parses it: Spring throws on such a path outside every handler, which would otherwise surface as a 500.
 */
class MalformedPathFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!decodes(request.getRequestURI())) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            // Every string here is ours, so plain concatenation yields valid JSON.
            response.getWriter()
                    .write("{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"The path has a broken %-escape or"
                            + " one that is not UTF-8.\",\"instance\":\"/\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether every %-escape is two hex digits and the escaped bytes form valid UTF-8. */
    static boolean decodes(String path) {
        if (path == null || path.indexOf('%') < 0) {
            return true;
        }
        ByteBuffer bytes = ByteBuffer.allocate(path.length() * 4);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length()) {
                    return false;
                }
                int high = Character.digit(path.charAt(i + 1), 16);
                int low = Character.digit(path.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return false;
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
