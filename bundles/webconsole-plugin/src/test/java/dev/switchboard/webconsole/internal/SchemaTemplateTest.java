package dev.switchboard.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

public class SchemaTemplateTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    public void everyPropertyGetsAValueOfItsType() throws Exception {
        JsonNode template = SchemaTemplate.of(json("{\"type\":\"object\",\"properties\":{"
                + "\"name\":{\"type\":\"string\"},"
                + "\"times\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":3},"
                + "\"ratio\":{\"type\":\"number\"},"
                + "\"loud\":{\"type\":\"boolean\"},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
                + "\"mode\":{\"enum\":[\"fast\",\"slow\"]},"
                + "\"lang\":{\"type\":\"string\",\"default\":\"en\"},"
                + "\"optional\":{\"type\":[\"null\",\"string\"]},"
                + "\"address\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"examples\":[\"Oslo\"]}}}"
                + "},\"required\":[\"name\"]}"));
        assertEquals(
                json("{\"name\":\"\",\"times\":1,\"ratio\":0,\"loud\":false,\"tags\":[],\"mode\":\"fast\","
                                + "\"lang\":\"en\",\"optional\":\"\",\"address\":{\"city\":\"Oslo\"}}")
                        .toString(),
                template.toString());
    }

    @Test
    public void noSchemaGivesAnEmptyObjectAndRecursionStops() throws Exception {
        assertEquals(json("{}"), SchemaTemplate.of(null));
        JsonNode deep = json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\",\"properties\":{\"b\":"
                + "{\"type\":\"object\",\"properties\":{\"c\":{\"type\":\"object\",\"properties\":{\"d\":{\"type\":"
                + "\"object\",\"properties\":{\"e\":{\"type\":\"object\",\"properties\":{\"f\":{\"type\":\"object\","
                + "\"properties\":{\"g\":{\"type\":\"string\"}}}}}}}}}}}}}}}");
        assertTrue(SchemaTemplate.of(deep).at("/a/b/c/d/e/f/g").isNull());
    }

    @Test
    public void theTableFlattensNestedPropertiesAndMarksRequiredOnes() throws Exception {
        List<SchemaTable.Row> rows = SchemaTable.rows(json("{\"type\":\"object\",\"required\":[\"name\"],"
                + "\"properties\":{\"name\":{\"type\":\"string\",\"minLength\":1,\"description\":\"Who\"},"
                + "\"lines\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"sku\"],"
                + "\"properties\":{\"sku\":{\"type\":\"string\"}}}}}}"));
        assertEquals(3, rows.size());
        assertEquals(new SchemaTable.Row("name", "string", true, "Who", "minLength 1"), rows.get(0));
        assertEquals("array of object", rows.get(1).type());
        assertFalse(rows.get(1).required());
        assertEquals("lines[].sku", rows.get(2).name());
        assertTrue(rows.get(2).required());
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }
}
