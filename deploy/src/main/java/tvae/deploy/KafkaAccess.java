package tvae.deploy;

import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;
import static tvae.events.Topics.CHECKPOINTS;
import static tvae.events.Topics.CHECKPOINT_CHUNKS;
import static tvae.events.Topics.DEAD_LETTER;
import static tvae.events.Topics.INTERPOLATION_REQUESTS;
import static tvae.events.Topics.INTERPOLATION_RESULTS;
import static tvae.events.Topics.MODEL_SELECTION;
import static tvae.events.Topics.PROBE_LATENTS;
import static tvae.events.Topics.SAMPLES;
import static tvae.events.Topics.TRAINING_PROGRESS;
import static tvae.events.Topics.TRAINING_REQUESTS;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the broker. Each service is its own SCRAM principal, named as its {@code quarkus.application.name},
 * and may touch only what its channels and raw clients use: the trainer alone writes checkpoints, inference alone
 * samples. {@link #CLIENT} is the launcher and any outside tool (kcat): it submits work and follows it.
 * {@link KafkaCluster#ADMIN} is the stack itself (topics, users, these ACLs, the tests' raw clients) and the broker's only
 * super user. The local stack applies {@link #bindings()}; docker-compose.yml runs the same grants with kafka-acls.sh.
 */
public final class KafkaAccess {
    public static final String TRAINER = "trainer-service";
    public static final String INFERENCE = "inference-service";
    public static final String EVALUATOR = "evaluator-service";
    public static final String CLIENT = "tvae-client";
    /** Every principal the stack makes a password for. */
    public static final List<String> PRINCIPALS = List.of(KafkaCluster.ADMIN, TRAINER, INFERENCE, EVALUATOR, CLIENT);

    /** The trainer's checkpoint transactions ({@code tvae.checkpoint-transactional-id}) use ids that start so. */
    static final String TRAINER_TRANSACTIONS = "trainer-service";

    public static final List<Grant> GRANTS = List.of(
            // A trainer of the pool resumes a run another one started from its checkpoints on Kafka; POST /runs
            // hands the request to the pool through the requests topic.
            Grant.of(TRAINER, READ, TOPIC, TRAINING_REQUESTS, CHECKPOINT_CHUNKS, CHECKPOINTS),
            Grant.of(TRAINER, READ, GROUP, TRAINER),
            Grant.of(TRAINER, WRITE, TOPIC, TRAINING_REQUESTS, TRAINING_PROGRESS, CHECKPOINT_CHUNKS, CHECKPOINTS, DEAD_LETTER),
            Grant.prefixed(TRAINER, WRITE, TRANSACTIONAL_ID, TRAINER_TRANSACTIONS),
            // The checkpoint feed assigns its partitions itself, so inference needs no group for it; every replica
            // follows the serving selection and any replica may change it.
            Grant.of(INFERENCE, READ, TOPIC, INTERPOLATION_REQUESTS, CHECKPOINT_CHUNKS, CHECKPOINTS, MODEL_SELECTION),
            Grant.of(INFERENCE, READ, GROUP, INFERENCE),
            Grant.of(INFERENCE, WRITE, TOPIC, INTERPOLATION_RESULTS, SAMPLES, PROBE_LATENTS, DEAD_LETTER, MODEL_SELECTION),
            Grant.of(EVALUATOR, READ, TOPIC, TRAINING_REQUESTS, TRAINING_PROGRESS, CHECKPOINTS, SAMPLES, PROBE_LATENTS),
            Grant.of(EVALUATOR, READ, GROUP, EVALUATOR),
            Grant.of(EVALUATOR, WRITE, TOPIC, DEAD_LETTER),
            Grant.of(CLIENT, WRITE, TOPIC, TRAINING_REQUESTS, INTERPOLATION_REQUESTS),
            Grant.of(CLIENT, READ, TOPIC, TRAINING_PROGRESS, CHECKPOINTS, INTERPOLATION_RESULTS, DEAD_LETTER),
            Grant.prefixed(CLIENT, READ, GROUP, PlainKafkaClient.GROUP_PREFIX));

    private KafkaAccess() {
    }

    /** Every grant as the broker stores it: one ACL per principal, operation and resource. */
    public static List<AclBinding> bindings() {
        return GRANTS.stream().flatMap(grant -> grant.bindings().stream()).toList();
    }

    /**
     * {@code principal} may do {@code operation} on each named resource of {@code type} ({@link PatternType#PREFIXED}:
     * on every resource whose name starts with one of {@code names}). READ and WRITE imply DESCRIBE.
     */
    public record Grant(String principal, AclOperation operation, ResourceType type, PatternType pattern, List<String> names) {
        static Grant of(String principal, AclOperation operation, ResourceType type, String... names) {
            return new Grant(principal, operation, type, LITERAL, List.of(names));
        }

        static Grant prefixed(String principal, AclOperation operation, ResourceType type, String... prefixes) {
            return new Grant(principal, operation, type, PREFIXED, List.of(prefixes));
        }

        List<AclBinding> bindings() {
            AccessControlEntry entry = new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW);
            return names.stream().map(name -> new AclBinding(new ResourcePattern(type, name, pattern), entry)).toList();
        }

        /** The same grant as the arguments of {@code kafka-acls.sh --add}, as Compose's set-up script writes it. */
        public String kafkaAclsArguments() {
            String option = switch (type) {
                case TOPIC -> "--topic";
                case GROUP -> "--group";
                case TRANSACTIONAL_ID -> "--transactional-id";
                default -> throw new IllegalStateException("no kafka-acls.sh option for " + type);
            };
            String operationName = operation.name().charAt(0) + operation.name().substring(1).toLowerCase(Locale.ROOT);
            return "--allow-principal User:" + principal + " --operation " + operationName
                    + (pattern == PREFIXED ? " --resource-pattern-type prefixed" : "")
                    + names.stream().map(name -> " " + option + " " + name).collect(Collectors.joining());
        }
    }
}
