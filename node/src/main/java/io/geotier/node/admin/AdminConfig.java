package io.geotier.node.admin;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The management API's token (GEOTIER_ADMIN_TOKEN). Without one, the calls that need it answer 403. */
@ConfigMapping(prefix = "geotier.admin")
public interface AdminConfig {

    /** Bearer token for upload, purge and prefetch; never logged. */
    Optional<String> token();
}
