package dev.embeddedservice.testkit.internal;

import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import java.util.List;

/**
 * A mappings source that loads and saves nothing, so the emulator never picks up WireMock stub files lying in
 * the user's working directory (WireMock's default is {@code src/test/resources/mappings}).
 */
final class NoMappings implements MappingsSource {

    @Override
    public void loadMappingsInto(StubMappings stubMappings) {
        // nothing to load: the emulator's routes are added in code
    }

    @Override
    public void save(List<StubMapping> stubMappings) {
        // never persisted
    }

    @Override
    public void save(StubMapping stubMapping) {
        // never persisted
    }

    @Override
    @SuppressWarnings("removal")
    public void remove(StubMapping stubMapping) {
        // never persisted
    }

    @Override
    public void removeAll() {
        // never persisted
    }
}
