extension CategoryCues {
    static let chinese: [CueGroup] = [
        CueGroup(.damaged, 3, "破损|碎了|摔碎|压坏|压碎|压扁|摔坏|运输中损坏|运输过程中损坏|运输损坏|物流损坏|快递损坏|裂开|裂了|裂缝|破裂|变形|凹陷|外箱破|箱子破|包装破|磕坏|碰坏"),
        CueGroup(.damaged, 2, "损坏|划痕|刮花|磕碰|破了|掉漆"),
        CueGroup(.damaged, 1, "坏了"),
        CueGroup(.damaged, 3, "碎成|碎掉|摔坏了|压瘪|瘪了|泡水|湿了|进水"),
        CueGroup(.damaged, 2, "碎|裂|摔"),

        CueGroup(.defective, 3, "开不了机|不能开机|无法开机|不开机|不能用|无法使用|用不了|不工作|不能工作|故障|质量问题|质量差|质量不好|次品|残次品"),
        CueGroup(.defective, 3, "不能充电|充不进电|充不了电|无法充电|没反应|没有反应|没声音|没有声音|失灵|不亮|不转|死机|不能正常|无法正常|自动关机"),
        CueGroup(.defective, 3, "发热严重|有杂音|坏掉"),
        CueGroup(.defective, 2, "瑕疵|不好用"),
        CueGroup(.defective, 1, "坏了"),
        CueGroup(.defective, 3, "充不上电|充不上|不上电|不通电|黑屏|花屏|异响|不灵|不好使|不行了|就坏了|就不能用|死机"),
        CueGroup(.defective, 2, "卡顿|噪音|漏水|就不"),
        CueGroup(.defective, 3, "灭了|自己关|自动灭|烧了|短路|跳闸|冒烟|一会儿就|就自己"),

        CueGroup(.missingPart, 3, "少了|少发|漏发|缺少|缺了|缺件|少件|缺配件|少配件|没有配件|配件没有|少一个|只收到一个|只收到了一个|只有一个|没有充电器|没有说明书|不完整|数量不对|数量不够"),
        CueGroup(.missingPart, 2, "只收到"),
        CueGroup(.missingPart, 3, "没有遥控器|没有充电线|没有数据线|没有电池|没有螺丝|没有说明书|没有适配器|没有电源线|少了遥控器|缺遥控器|里面只有"),
        CueGroup(.missingPart, 1, "只有"),
        CueGroup(.missingPart, 3, "赠品|送的"),
        CueGroup(.missingPart, 3, "少寄|漏寄|少给|少放"),

        CueGroup(.wrongItem, 3, "发错|寄错|错发|发成了|货不对板|与描述不符|和描述不符|描述不符|与图片不符|和图片不符|图片不符|不是我买的|不是我订的"),
        CueGroup(.wrongItem, 3, "不是我下单的|型号不对|型号不一致|型号错|款式不对|假货|仿品|收到的是另一|不是同一个|和页面不一样|跟描述不一样"),
        CueGroup(.wrongItem, 2, "订的是|买的是|我要的是|收到的是|拍的是"),

        CueGroup(.sizeColor, 3, "尺码|尺寸不对|尺寸不合|偏小|偏大|太小|太大|太紧|太松|不合身|穿不下|颜色不对|颜色不一样|颜色和图片|色差|换大一号|换小一号|大一号|小一号|大一码|小一码|码数|大小不合适"),
        CueGroup(.sizeColor, 2, "颜色|尺寸|大了|小了"),
        CueGroup(.sizeColor, 1, "换货"),
        CueGroup(.sizeColor, 0.5, "黑色|白色|红色|蓝色|绿色|灰色|粉色|黄色|紫色|黑的|白的"),
        CueGroup(.sizeColor, 3, "挤脚|磨脚|码吗|大一码|换成#码|#码"),
        CueGroup(.sizeColor, 1, "码$|换成"),

        CueGroup(.howToUse, 3, "怎么使用|怎么用|如何使用|使用方法|怎么安装|如何安装|怎么连接|如何连接|怎么设置|如何设置|怎么操作|如何操作|说明书|看不懂|不会用|不知道怎么|连不上|连接不上|配对|教程"),
        CueGroup(.howToUse, 2, "蓝牙|设置|安装|怎么|如何"),
        CueGroup(.unwanted, 1, "怎么退货|如何退货|怎么退款"),

        CueGroup(.unwanted, 3, "不想要了|不要了|不需要了|不想要|不喜欢|七天无理由|#天无理由|无理由退货|别处更便宜|更便宜|降价了"),
        CueGroup(.unwanted, 2, "买错了|拍错了|下错了|退货|想退|退回去|未拆封|没拆封|没有拆封"),
        CueGroup(.unwanted, 1, "退款|退回"),

        CueGroup(.lateDelivery, 3, "还没到|还没有到|还没收到|还没有收到|一直没到|迟迟没|太慢|很慢|延迟|延误|什么时候到|什么时候能到|什么时候能收到|多久能到|多久到|预计送达|预计到货|超时|等了很久|等了好久|物流慢|还在路上|几天了还没"),
        CueGroup(.lateDelivery, 2, "没更新|不更新|没有更新|物流停|卡住"),
        CueGroup(.lateDelivery, 3, "还在路上|快一个月|一个多月|好几周|怎么还没"),
        CueGroup(.lateDelivery, 1, "好几天了|十几天"),
        CueGroup(.lateDelivery, 3, "迟迟不发货|不发货|还不发货|什么时候发货|还没发货|还没有发货|还没寄出"),

        CueGroup(.lostParcel, 3, "丢件|丢了|丢失|弄丢|遗失|退回给发件人|退回发件人|退回发货人|被退回|退件|查无此人|无法派送|派送失败|卡在海关|海关扣|扣关|被海关|查件"),
        CueGroup(.lostParcel, 2, "退回了|显示退回"),

        CueGroup(.notReceived, 4, "显示已签收|已签收|显示签收|显示已送达|已送达|显示妥投|妥投|签收了但|被人签收|别人签收|代签|已投递"),
        CueGroup(.notReceived, 3, "没有收到|没收到|未收到|从未收到|根本没收到|被偷|被盗"),

        CueGroup(.addressChange, 3, "修改地址|更改地址|改地址|修改收货地址|更改收货地址|改一下地址|换地址|换个地址|地址写错|地址错了|填错地址|地址填错|写错地址|新地址|搬家|门牌号"),
        CueGroup(.addressChange, 2, "收货地址"),
        CueGroup(.addressChange, 1, "地址"),

        CueGroup(.cancellation, 3, "取消订单|取消|撤销订单|不要发货|别发货|先别发|重复下单|下错单|拍重了|拍了两单"),
        CueGroup(.cancellation, 1, "还没发货|未发货"),
        CueGroup(.cancellation, 1, "拦截"),

        CueGroup(.warranty, 4, "保修|保修期|质保|保固"),
        CueGroup(.warranty, 3, "维修|修理|返修"),
        CueGroup(.warranty, 2, "用了一年|用了半年|用了两年|一年就坏|半年就坏"),

        CueGroup(.invoice, 4, "发票|开票|收据|增值税|税号|抬头"),
        CueGroup(.invoice, 2, "报销|公司名"),

        CueGroup(.feedback, 4, "差评|中评|删除评价|修改评价|改评价|删评|追评|一星|#星"),
        CueGroup(.feedback, 3, "评价|评论|好评|留评"),
        CueGroup(.feedback, 1, "反馈"),

        CueGroup(.thankYou, 3, "非常满意|很满意|问题解决了|已解决|不用回复|无需回复"),
        CueGroup(.thankYou, 2, "挺好的|很好用|好用|满意|辛苦了|给力|已经收到了"),
        CueGroup(.thankYou, 1, "谢谢|感谢|多谢"),
        CueGroup(.thankYou, 2, "已经解决|解决了|帮了大忙"),
        CueGroup(.thankYou, 4, "五星好评|给五星|5星好评"),

        CueGroup(.other, 2, "有现货|有货吗|现货|能寄到|可以寄到|能发到|可以发到|兼容|适用于|批发|还有货"),
        CueGroup(.other, 1, "寄到|发到"),
        CueGroup(.other, 0, "怎么办|怎么回事|怎么还"),
        CueGroup(.other, 2, "这款有|有没有|多大|尺寸是多少|购买前|下单前"),
        CueGroup(.other, 0, "什么情况"),
    ]
}
