package io.geotier.geodns.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * geodns that starts while its registry does not answer steers from the view it saved, from its
 * very first answer (DNS is bound only once each saved node has been probed), to the saved nodes
 * that are still there.
 */
@QuarkusTest
@WithTestResource(SavedViewWorld.class)
class SavedViewTest {

    @Test
    void theFirstAnswerAfterStartComesFromTheSavedViewAndOnlyNamesANodeStillThere() throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("cdn.geotier.test."), Type.A, DClass.IN));
        query.addRecord(
                new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("10.1.0.0")))),
                Section.ADDITIONAL);
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(SavedViewWorld.dnsPort);
        resolver.setTimeout(Duration.ofSeconds(2));
        String before = Files.readString(SavedViewWorld.viewFile);

        Message answer = resolver.send(query);

        assertEquals(Rcode.NOERROR, answer.getRcode(), answer.toString());
        Set<String> addresses = new TreeSet<>();
        answer.getSection(Section.ANSWER).forEach(r -> addresses.add(r.rdataToString()));
        assertEquals(Set.of(SavedViewWorld.STILL_THERE), addresses);
        assertEquals(before, Files.readString(SavedViewWorld.viewFile), "an unread registry overwrites nothing");
    }
}
