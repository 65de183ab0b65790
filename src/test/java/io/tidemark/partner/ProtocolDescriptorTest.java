package io.tidemark.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.tidemark.partner.sdk.Common;
import io.tidemark.partner.sdk.ConnectorSdk;
import io.tidemark.partner.sdk.Record;
import io.tidemark.partner.sdk.RecordType;
import io.tidemark.partner.sdk.Records;
import io.tidemark.partner.sdk.SourceConnectorGrpc;
import io.tidemark.partner.sdk.UpdateResponse;
import io.tidemark.partner.sdk.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Tidemark's own {@code .proto} declaration of Fivetran's Partner SDK v2 against the protocol's published field list
 * ({@code shared/reference/partner-sdk-protocol.md}, table "Messages"): the expectations below are transcribed by hand
 * from that table, never derived from the descriptors, and every message and enum of the generated descriptors is
 * rendered in the same notation and compared. Plus the service's methods and one message's exact wire bytes.
 */
class ProtocolDescriptorTest {
    private static final String PACKAGE = "fivetran_sdk.v2";

    /**
     * The reference table, transcribed. Notation: {@code "N type name"}; {@code "N optional type name"} for proto3
     * {@code optional} ({@code opt}); {@code "N repeated type name"} ({@code rep}); {@code "N map<K,V> name"};
     * {@code "oneof o: N type name"} for a member of oneof {@code o}. Enums: {@code "NAME=number"}.
     */
    private static final Map<String, List<String>> MESSAGES = new LinkedHashMap<>();
    private static final Map<String, List<String>> ENUMS = new LinkedHashMap<>();

    static {
        message("ConfigurationFormRequest");
        message("ConfigurationFormResponse",
                "1 bool schema_selection_supported",
                "2 bool table_selection_supported",
                "3 repeated FormField fields",
                "4 repeated ConfigurationTest tests");
        message("FormField",
                "1 string name",
                "2 string label",
                "3 optional bool required",
                "4 optional string description",
                "oneof type: 5 TextField text_field",
                "oneof type: 6 DropdownField dropdown_field",
                "oneof type: 7 ToggleField toggle_field",
                "oneof type: 10 ConditionalFields conditional_fields",
                "oneof type: 11 UploadField upload_field",
                "oneof type: 12 DescriptiveDropDownFields descriptive_dropdown_fields",
                "8 optional string default_value",
                "9 optional string placeholder");
        enumeration("TextField", "PlainText=0", "Password=1", "Hidden=2");
        message("DropdownField", "1 repeated string dropdown_field");
        message("ToggleField");
        message("ConditionalFields",
                "1 VisibilityCondition condition",
                "2 repeated FormField fields");
        message("VisibilityCondition",
                "1 string condition_field",
                "oneof visible_when: 2 bool bool_value",
                "oneof visible_when: 3 string string_value",
                "oneof visible_when: 4 bool empty_value");
        message("UploadField",
                "1 repeated string allowed_file_type",
                "2 int32 max_file_size_bytes");
        message("DescriptiveDropDownFields", "1 repeated DescriptiveDropDownField descriptive_dropdown_field");
        message("DescriptiveDropDownField",
                "1 string value",
                "2 string label",
                "3 string description");
        message("ConfigurationTest",
                "1 string name",
                "2 string label");
        message("TestRequest",
                "1 string name",
                "2 map<string,string> configuration");
        message("TestResponse",
                "oneof response: 1 bool success",
                "oneof response: 2 string failure");
        message("SchemaRequest", "1 map<string,string> configuration");
        message("SchemaResponse",
                "oneof response: 1 bool schema_response_not_supported",
                "oneof response: 2 SchemaList with_schema",
                "oneof response: 3 TableList without_schema",
                "4 optional bool selection_not_supported");
        message("SchemaList", "1 repeated Schema schemas");
        message("TableList", "1 repeated Table tables");
        message("Schema",
                "1 string name",
                "2 repeated Table tables");
        message("Table",
                "1 string name",
                "2 repeated Column columns");
        message("Column",
                "1 string name",
                "2 DataType type",
                "3 bool primary_key",
                "4 optional DataTypeParams params");
        message("DataTypeParams",
                "oneof params: 1 DecimalParams decimal",
                "oneof params: 2 int32 string_byte_length");
        message("DecimalParams",
                "1 uint32 precision",
                "2 uint32 scale");
        enumeration("DataType",
                "UNSPECIFIED=0", "BOOLEAN=1", "SHORT=2", "INT=3", "LONG=4", "DECIMAL=5", "FLOAT=6", "DOUBLE=7",
                "NAIVE_DATE=8", "NAIVE_DATETIME=9", "UTC_DATETIME=10", "BINARY=11", "XML=12", "STRING=13", "JSON=14",
                "NAIVE_TIME=15");
        message("UpdateRequest",
                "1 map<string,string> configuration",
                "2 optional Selection selection",
                "3 optional string state_json");
        message("Selection",
                "oneof selection: 1 TablesWithNoSchema without_schema",
                "oneof selection: 2 TablesWithSchema with_schema");
        message("TablesWithNoSchema",
                "1 repeated TableSelection tables",
                "2 bool include_new_tables");
        message("TablesWithSchema",
                "1 repeated SchemaSelection schemas",
                "2 bool include_new_schemas");
        message("SchemaSelection",
                "1 bool included",
                "2 string schema_name",
                "3 repeated TableSelection tables",
                "4 bool include_new_tables");
        message("TableSelection",
                "1 bool included",
                "2 string table_name",
                "3 map<string,bool> columns",
                "4 bool include_new_columns");
        message("UpdateResponse",
                "oneof operation: 1 Record record",
                "oneof operation: 2 SchemaChange schema_change",
                "oneof operation: 3 Checkpoint checkpoint",
                "oneof operation: 4 Warning warning",
                "oneof operation: 5 Task task",
                "oneof operation: 6 Records records");
        message("SchemaChange",
                "oneof change: 1 SchemaList with_schema",
                "oneof change: 2 TableList without_schema");
        message("Records", "1 repeated Record records");
        message("Record",
                "1 optional string schema_name",
                "2 string table_name",
                "3 RecordType type",
                "4 map<string,ValueType> data");
        enumeration("RecordType", "UPSERT=0", "UPDATE=1", "DELETE=2", "TRUNCATE=3");
        message("ValueType",
                "oneof inner: 1 bool null",
                "oneof inner: 2 bool bool",
                "oneof inner: 3 int32 short",
                "oneof inner: 4 int32 int",
                "oneof inner: 5 int64 long",
                "oneof inner: 6 float float",
                "oneof inner: 7 double double",
                "oneof inner: 8 Timestamp naive_date",
                "oneof inner: 9 Timestamp naive_datetime",
                "oneof inner: 10 Timestamp utc_datetime",
                "oneof inner: 11 string decimal",
                "oneof inner: 12 bytes binary",
                "oneof inner: 13 string string",
                "oneof inner: 14 string json",
                "oneof inner: 15 string xml",
                "oneof inner: 16 Timestamp naive_time");
        message("Checkpoint", "1 string state_json");
        message("Warning", "1 string message");
        message("Task", "1 string message");
    }

    private static void message(String name, String... fields) {
        assertThat(MESSAGES.put(name, List.of(fields))).as("transcribed twice: " + name).isNull();
    }

    private static void enumeration(String name, String... values) {
        assertThat(ENUMS.put(name, List.of(values))).as("transcribed twice: " + name).isNull();
    }

    private static final List<FileDescriptor> FILES = List.of(Common.getDescriptor(), ConnectorSdk.getDescriptor());

    @Test
    void bothFilesAreProto3InThePackageFivetranSdkV2() {
        for (FileDescriptor file : FILES) {
            assertThat(file.getPackage()).as(file.getName()).isEqualTo(PACKAGE);
            assertThat(file.toProto().getSyntax()).as(file.getName()).isEqualTo("proto3");
            assertThat(file.getExtensions()).as(file.getName()).isEmpty();
        }
        assertThat(Common.getDescriptor().getDependencies()).extracting(FileDescriptor::getName)
                .contains("google/protobuf/timestamp.proto");
    }

    @Test
    void theMessagesAndEnumsAreExactlyTheReferences() {
        Map<String, Descriptor> messages = new LinkedHashMap<>();
        Map<String, EnumDescriptor> enums = new LinkedHashMap<>();
        for (FileDescriptor file : FILES) {
            for (Descriptor message : file.getMessageTypes()) {
                assertThat(messages.put(message.getName(), message)).as("declared twice: " + message.getName()).isNull();
            }
            for (EnumDescriptor enumeration : file.getEnumTypes()) {
                assertThat(enums.put(enumeration.getName(), enumeration)).as("declared twice: " + enumeration.getName())
                        .isNull();
            }
        }
        assertThat(new TreeSet<>(messages.keySet())).as("messages").isEqualTo(new TreeSet<>(MESSAGES.keySet()));
        assertThat(new TreeSet<>(enums.keySet())).as("enums").isEqualTo(new TreeSet<>(ENUMS.keySet()));
        assertThat(MESSAGES).hasSize(36);
        assertThat(ENUMS).hasSize(3);

        List<String> disagreements = new ArrayList<>();
        MESSAGES.forEach((name, expected) -> {
            Descriptor message = messages.get(name);
            // nothing nested but the synthetic entry types of map fields
            assertThat(message.getEnumTypes()).as(name + " nested enums").isEmpty();
            assertThat(message.getNestedTypes()).as(name + " nested messages")
                    .allSatisfy(nested -> assertThat(nested.getOptions().getMapEntry()).as(nested.getFullName()).isTrue());
            List<String> actual = message.getFields().stream().map(ProtocolDescriptorTest::render).toList();
            if (!new TreeSet<>(actual).equals(new TreeSet<>(expected)) || actual.size() != expected.size()) {
                disagreements.add(name + ": expected " + expected + " but the descriptor has " + actual);
            }
        });
        ENUMS.forEach((name, expected) -> {
            List<String> actual = enums.get(name).getValues().stream().map(v -> v.getName() + "=" + v.getNumber()).toList();
            if (!actual.equals(expected)) {
                disagreements.add(name + " (enum): expected " + expected + " but the descriptor has " + actual);
            }
        });
        assertThat(disagreements).as("messages/enums that differ from the reference table").isEmpty();
    }

    @Test
    void theServiceHasTheFourMethodsAndOnlyUpdateStreams() {
        assertThat(Common.getDescriptor().getServices()).isEmpty();
        assertThat(ConnectorSdk.getDescriptor().getServices()).extracting(ServiceDescriptor::getName)
                .containsExactly("SourceConnector");
        ServiceDescriptor service = ConnectorSdk.getDescriptor().findServiceByName("SourceConnector");
        assertThat(service.getFullName()).isEqualTo("fivetran_sdk.v2.SourceConnector");
        assertThat(service.getMethods()).extracting(ProtocolDescriptorTest::render).containsExactlyInAnyOrder(
                "ConfigurationForm(fivetran_sdk.v2.ConfigurationFormRequest) returns (fivetran_sdk.v2.ConfigurationFormResponse)",
                "Test(fivetran_sdk.v2.TestRequest) returns (fivetran_sdk.v2.TestResponse)",
                "Schema(fivetran_sdk.v2.SchemaRequest) returns (fivetran_sdk.v2.SchemaResponse)",
                "Update(fivetran_sdk.v2.UpdateRequest) returns (stream fivetran_sdk.v2.UpdateResponse)");
        assertThat(service.getMethods()).noneMatch(MethodDescriptor::isClientStreaming);
        assertThat(service.getMethods()).filteredOn(MethodDescriptor::isServerStreaming)
                .extracting(MethodDescriptor::getName).containsExactly("Update");

        assertThat(SourceConnectorGrpc.SERVICE_NAME).isEqualTo("fivetran_sdk.v2.SourceConnector");
        assertThat(SourceConnectorGrpc.getUpdateMethod().getFullMethodName()).isEqualTo("fivetran_sdk.v2.SourceConnector/Update");
        assertThat(SourceConnectorGrpc.getUpdateMethod().getType()).isEqualTo(MethodType.SERVER_STREAMING);
        assertThat(SourceConnectorGrpc.getConfigurationFormMethod().getFullMethodName())
                .isEqualTo("fivetran_sdk.v2.SourceConnector/ConfigurationForm");
        assertThat(SourceConnectorGrpc.getConfigurationFormMethod().getType()).isEqualTo(MethodType.UNARY);
        assertThat(SourceConnectorGrpc.getTestMethod().getFullMethodName()).isEqualTo("fivetran_sdk.v2.SourceConnector/Test");
        assertThat(SourceConnectorGrpc.getTestMethod().getType()).isEqualTo(MethodType.UNARY);
        assertThat(SourceConnectorGrpc.getSchemaMethod().getFullMethodName()).isEqualTo("fivetran_sdk.v2.SourceConnector/Schema");
        assertThat(SourceConnectorGrpc.getSchemaMethod().getType()).isEqualTo(MethodType.UNARY);
    }

    @Test
    void anUpdateResponseHasTheWireBytesTheReferenceNumbersGive() throws Exception {
        Record record = Record.newBuilder()
                .setSchemaName("s")
                .setTableName("t")
                .setType(RecordType.UPSERT)
                .putData("a", ValueType.newBuilder().setLong(5).build())
                .build();
        UpdateResponse response = UpdateResponse.newBuilder()
                .setRecords(Records.newBuilder().addRecords(record))
                .build();

        // tag = field_number << 3 | wire_type (0 varint, 2 length-delimited); a map is repeated entries {1 key, 2 value}
        byte[] expected = {
                0x32, 17,                      // UpdateResponse.records = 6, LEN: Records
                0x0A, 15,                      //   Records.records = 1, LEN: Record
                0x0A, 1, 's',                  //     Record.schema_name = 1 (optional, set): "s"
                0x12, 1, 't',                  //     Record.table_name = 2: "t"
                                               //     Record.type = 3: UPSERT = 0 is proto3's default, not on the wire
                0x22, 7,                       //     Record.data = 4, LEN: one map entry
                0x0A, 1, 'a',                  //       entry key = 1: "a"
                0x12, 2,                       //       entry value = 2, LEN: ValueType
                0x28, 5,                       //         ValueType.long = 5, varint: 5
        };
        assertThat(response.toByteArray()).isEqualTo(expected);
        assertThat(UpdateResponse.parseFrom(expected)).isEqualTo(response);

        // the one field the default hides: type = 3 with DELETE = 2 goes right after table_name
        assertThat(record.toBuilder().setType(RecordType.DELETE).build().toByteArray()).isEqualTo(new byte[] {
                0x0A, 1, 's', 0x12, 1, 't', 0x18, 2, 0x22, 7, 0x0A, 1, 'a', 0x12, 2, 0x28, 5});
    }

    /** A field in the reference table's notation, from the Descriptors API alone. */
    private static String render(FieldDescriptor field) {
        String head = field.getNumber() + " ";
        if (field.isMapField()) {
            Descriptor entry = field.getMessageType();
            return head + "map<" + typeName(entry.findFieldByNumber(1)) + "," + typeName(entry.findFieldByNumber(2)) + "> "
                    + field.getName();
        }
        if (field.isRepeated()) {
            return head + "repeated " + typeName(field) + " " + field.getName();
        }
        if (field.getRealContainingOneof() != null) {
            return "oneof " + field.getRealContainingOneof().getName() + ": " + head + typeName(field) + " " + field.getName();
        }
        // proto3 `optional` is a field alone in a synthetic oneof: explicit presence
        if (field.getContainingOneof() != null) {
            assertThat(field.hasPresence()).as(field.getFullName()).isTrue();
            return head + "optional " + typeName(field) + " " + field.getName();
        }
        return head + typeName(field) + " " + field.getName();
    }

    private static String typeName(FieldDescriptor field) {
        return switch (field.getType()) {
            case MESSAGE, GROUP -> localName(field.getMessageType().getFullName());
            case ENUM -> localName(field.getEnumType().getFullName());
            default -> field.getType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** This package's types by simple name, {@code google.protobuf.Timestamp} as {@code Timestamp}, anything else in full. */
    private static String localName(String fullName) {
        if (fullName.equals("google.protobuf.Timestamp")) {
            return "Timestamp";
        }
        String prefix = PACKAGE + ".";
        String local = fullName.startsWith(prefix) ? fullName.substring(prefix.length()) : fullName;
        return local.contains(".") ? fullName : local;
    }

    private static String render(MethodDescriptor method) {
        return method.getName() + "(" + (method.isClientStreaming() ? "stream " : "") + method.getInputType().getFullName()
                + ") returns (" + (method.isServerStreaming() ? "stream " : "") + method.getOutputType().getFullName() + ")";
    }
}
