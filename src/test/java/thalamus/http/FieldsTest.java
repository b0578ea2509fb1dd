package thalamus.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import thalamus.http.Fields.Text;

class FieldsTest {
    @Test
    void length_counts_code_points_not_utf16_units() {
        var emoji = "\uD83D\uDE42";

        assertThat(Fields.problemWith(emoji.repeat(3), Text.IDENTIFIER, 3)).isNull();
        assertThat(Fields.problemWith(emoji.repeat(4), Text.IDENTIFIER, 3)).contains("at most 3", "it has 4");
    }

    @Test
    void free_text_allows_tab_and_newlines_but_nothing_else_below_space() {
        assertThat(Fields.problemWith("a\tb\r\nc", Text.FREE_TEXT, 100)).isNull();
        assertThat(Fields.problemWith("a\u0000b", Text.FREE_TEXT, 100)).contains("NUL");
        assertThat(Fields.problemWith("a\u001Bb", Text.FREE_TEXT, 100)).contains("control");
        assertThat(Fields.problemWith("a\tb", Text.LINE, 100)).contains("control");
        assertThat(Fields.problemWith("a\u0085b", Text.IDENTIFIER, 100)).contains("control");
        assertThat(Fields.problemWith("a\u007Fb", Text.LINE, 100)).contains("control");
    }

    @Test
    void unpaired_surrogates_are_found_wherever_they_are() {
        assertThat(Fields.problemWith("\uD83D", Text.LINE, 100)).contains("surrogate");
        assertThat(Fields.problemWith("x\uDE42", Text.LINE, 100)).contains("surrogate");
        assertThat(Fields.problemWith("\uDE42\uD83D", Text.LINE, 100)).contains("surrogate");
    }

    @Test
    void blank_means_only_whitespace_or_invisible_characters() {
        assertThat(Fields.problemWith(" \u00A0\u2003\u200B", Text.LINE, 100)).contains("blank");
        assertThat(Fields.problemWith(" x ", Text.LINE, 100)).isNull();
        assertThat(Fields.problemWith(" ", Text.IDENTIFIER, 100)).isNull();
        assertThat(Fields.problemWith("", Text.IDENTIFIER, 100)).contains("empty");
    }
}
