package tvae.inference;

import static tvae.deploy.TestApi.anonymous;
import static tvae.deploy.TestApi.asViewer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;

/** The model is the operator's: strangers get 401 everywhere, the viewer sees what is served (403 on the rest). */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class InferenceAccessTest {
    private static final String PAIR = "{\"inputA\":\"x = 1\",\"inputB\":\"y = 2\"}";
    private static final String[] PLAYGROUND = {"/breed", "/directions", "/edit", "/swap", "/judge"};

    @Test
    void strangersAreAskedToLogIn() {
        anonymous().contentType("application/json").body(PAIR).post("/interpolate").then().statusCode(401);
        anonymous().contentType("application/json").body("{\"inputs\":[\"x = 1\"]}").post("/encode").then().statusCode(401);
        anonymous().contentType("application/json").body("{\"latents\":[]}").post("/decode").then().statusCode(401);
        for (String path : PLAYGROUND) {
            anonymous().contentType("application/json").body("{}").post(path).then().statusCode(401);
        }
        anonymous().get("/directions").then().statusCode(401);
        anonymous().get("/model").then().statusCode(401);
        anonymous().contentType("application/json").body("{}").put("/model/selection").then().statusCode(401);
    }

    @Test
    void theViewerSeesTheModelButCannotUseOrChangeIt() {
        asViewer().get("/model").then().statusCode(200);
        asViewer().contentType("application/json").body(PAIR).post("/interpolate").then().statusCode(403);
        asViewer().contentType("application/json").body("{\"inputs\":[\"x = 1\"]}").post("/encode").then().statusCode(403);
        asViewer().contentType("application/json").body("{\"latents\":[]}").post("/decode").then().statusCode(403);
        asViewer().contentType("application/json").body("{}").put("/model/selection").then().statusCode(403);
        for (String path : PLAYGROUND) {
            asViewer().contentType("application/json").body("{}").post(path).then().statusCode(403);
        }
    }
}
