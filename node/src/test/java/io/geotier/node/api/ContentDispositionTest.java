package io.geotier.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ContentDispositionTest {

    @Test
    void quotesControlCharactersAndPathsCannotLeaveTheHeader() {
        assertEquals(
                "attachment; filename=\"a_b_c.mp3\"; filename*=UTF-8''a%22b%0Dc.mp3",
                ContentDisposition.attachment("a\"b\rc.mp3"));
        assertEquals(
                "attachment; filename=\"passwd\"; filename*=UTF-8''passwd",
                ContentDisposition.attachment("../../etc/passwd"));
        assertEquals(
                "attachment; filename=\"x.txt\"; filename*=UTF-8''x.txt",
                ContentDisposition.attachment("C:\\dir\\x.txt"));
    }

    @Test
    void nonAsciiNamesSurviveInFilenameStar() {
        assertEquals(
                "attachment; filename=\"_t_.bin\"; filename*=UTF-8''%C3%A9t%C3%A9.bin",
                ContentDisposition.attachment("été.bin"));
    }
}
